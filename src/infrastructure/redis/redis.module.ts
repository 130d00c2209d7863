import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { redisConfig, type RedisConfig } from '../../config/redis.config';
import { RedisAvailability } from './redis-availability';
import {
  createRedisClient,
  REDIS_CLIENT,
  REQUEST_PATH_REDIS,
  type RedisClient,
  type RedisClientRole,
} from './redis-client';

function connect(
  config: RedisConfig,
  availability: RedisAvailability,
  role: RedisClientRole,
): RedisClient {
  if (config.url === undefined) return null;
  const client = createRedisClient(config.url, role, config.cluster);
  // Failures surface on the commands; this keeps ioredis from reporting them as unhandled.
  client.on('error', () => undefined);
  client.on('ready', () => availability.reportRecovered());
  return client;
}

/**
 * The process's two Redis connections: the request path's (the cache and the rate limiter,
 * whose commands all carry our deadlines) and the general one (everything else).
 */
@Global()
@Module({
  providers: [
    RedisAvailability,
    {
      provide: REDIS_CLIENT,
      inject: [redisConfig.KEY, RedisAvailability],
      useFactory: (config: RedisConfig, availability: RedisAvailability): RedisClient => {
        if (config.url === undefined) {
          new Logger('Redis').warn(
            'REDIS_URL unset: the cache and rate limits live in process memory, which is fit for one instance only',
          );
        }
        return connect(config, availability, 'general');
      },
    },
    {
      provide: REQUEST_PATH_REDIS,
      inject: [redisConfig.KEY, RedisAvailability],
      useFactory: (config: RedisConfig, availability: RedisAvailability): RedisClient =>
        connect(config, availability, 'request-path'),
    },
  ],
  exports: [REDIS_CLIENT, REQUEST_PATH_REDIS, RedisAvailability],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    @Inject(REQUEST_PATH_REDIS) private readonly requestPathRedis: RedisClient,
  ) {}

  /** After the server has drained, like the database pool. */
  onApplicationShutdown(): void {
    this.redis?.disconnect(false);
    this.requestPathRedis?.disconnect(false);
  }
}
