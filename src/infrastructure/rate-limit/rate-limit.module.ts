import { Module } from '@nestjs/common';
import { ThrottlerModule, type ThrottlerModuleOptions } from '@nestjs/throttler';
import { rateLimitConfig, type RateLimitConfig } from '../../config/rate-limit.config';
import { DEFAULT_THROTTLER } from '../../common/guards/route-limits';
import { RedisAvailability } from '../redis/redis-availability';
import { REQUEST_PATH_REDIS, type RedisClient } from '../redis/redis-client';
import { FailOpenThrottlerStorage } from './fail-open-throttler-storage';
import { RedisThrottlerStorage } from './redis-throttler-storage';

/** The stricter throttler that login, registration and token refresh also count against. */
export const AUTH_THROTTLER = 'auth';

/**
 * @nestjs/throttler's module with our two named throttlers (THROTTLE_* for every route,
 * AUTH_THROTTLE_* for the routes that name `auth`) and where they count: Redis (an atomic Lua
 * script, sent by its SHA) so every replica shares the counts, failing open; without REDIS_URL,
 * the library's in-memory storage. The guard that applies them is common/guards/throttler.guard.ts.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [rateLimitConfig.KEY, REQUEST_PATH_REDIS, RedisAvailability],
      useFactory: (
        config: RateLimitConfig,
        redis: RedisClient,
        availability: RedisAvailability,
      ): ThrottlerModuleOptions => ({
        throttlers: [
          { name: DEFAULT_THROTTLER, limit: config.limit, ttl: config.ttlMs },
          { name: AUTH_THROTTLER, limit: config.authLimit, ttl: config.authTtlMs },
        ],
        ...(redis
          ? {
              storage: new FailOpenThrottlerStorage(new RedisThrottlerStorage(redis), availability),
            }
          : {}),
      }),
    }),
  ],
})
export class RateLimitModule {}
