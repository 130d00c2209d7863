import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import {
  REDIS_CLIENT,
  REQUEST_PATH_REDIS,
  type RedisClient,
} from '../infrastructure/redis/redis-client';
import { redisReady } from '../infrastructure/redis/redis-ready';

const CONNECT_TIMEOUT_MS = 3_000;

/**
 * Before a command runs, waits for both Redis clients (general and request path) to connect. It has no offline queue
 * (requests must never wait for Redis), so in a process this short-lived its first commands
 * would fail while it is still connecting: the seed's cache invalidation would be lost, and
 * events:status, events:replay-dead and cache:flush would fail. This is the one place the CLI
 * waits. Redis being down is only warned about here; commands that need it then fail saying so.
 */
@Injectable()
export class RedisConnection implements OnApplicationBootstrap {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    @Inject(REQUEST_PATH_REDIS) private readonly requestPathRedis: RedisClient,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const clients = [this.redis, this.requestPathRedis].filter((client) => client !== null);
    await Promise.all(clients.map((client) => redisReady(client, CONNECT_TIMEOUT_MS))).catch(
      (error: unknown) => {
        new Logger('Redis').warn(error instanceof Error ? error.message : String(error));
      },
    );
  }
}
