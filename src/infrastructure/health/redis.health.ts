import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { REDIS_CLIENT, REQUEST_PATH_REDIS, type RedisClient } from '../redis/redis-client';

@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    @Inject(REQUEST_PATH_REDIS) private readonly requestPathRedis: RedisClient,
  ) {}

  /** PING on both connections within the timeout; without REDIS_URL there is nothing to check. */
  async pingCheck(timeoutMs: number): Promise<HealthIndicatorResult<'redis'>> {
    const { redis, requestPathRedis } = this;
    const indicator = this.indicators.check('redis');
    if (!redis || !requestPathRedis) return indicator.up({ mode: 'memory (REDIS_URL unset)' });
    return indicator
      .attempt(async () => {
        await Promise.all([redis.ping(), requestPathRedis.ping()]);
      })
      .withTimeout(timeoutMs);
  }
}
