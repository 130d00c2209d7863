import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { REDIS_CLIENT, type RedisClient } from '../redis/redis-client';

@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
  ) {}

  /** PING within the timeout; without REDIS_URL there is nothing to check. */
  async pingCheck(timeoutMs: number): Promise<HealthIndicatorResult<'redis'>> {
    const redis = this.redis;
    const indicator = this.indicators.check('redis');
    if (!redis) return indicator.up({ mode: 'memory (REDIS_URL unset)' });
    return indicator
      .attempt(async () => {
        await redis.ping();
      })
      .withTimeout(timeoutMs);
  }
}
