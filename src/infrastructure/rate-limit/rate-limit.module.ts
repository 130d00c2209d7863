import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { Module } from '@nestjs/common';
import { ThrottlerModule, ThrottlerStorageService } from '@nestjs/throttler';
import { STRICT_RATE_LIMIT } from '../../common/decorators/strict-rate-limit.decorator';
import { rateLimitConfig, type RateLimitConfig } from '../../config/rate-limit.config';
import { RedisAvailability } from '../redis/redis-availability';
import { REDIS_CLIENT, type RedisClient } from '../redis/redis-client';
import { FailOpenThrottlerStorage } from './fail-open-throttler-storage';

/**
 * Two limits per client: `default` on every route (but @SkipThrottle() ones), and `auth` only
 * on @StrictRateLimit() routes. Counts live in Redis (an atomic Lua script) so every replica
 * shares them; without REDIS_URL, in memory.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [rateLimitConfig.KEY, REDIS_CLIENT, RedisAvailability],
      useFactory: (
        config: RateLimitConfig,
        redis: RedisClient,
        availability: RedisAvailability,
      ) => ({
        throttlers: [
          { name: 'default', limit: config.limit, ttl: config.ttlMs },
          {
            name: 'auth',
            limit: config.authLimit,
            ttl: config.authTtlMs,
            skipIf: (context) =>
              Reflect.getMetadata(STRICT_RATE_LIMIT, context.getHandler()) !== true,
          },
        ],
        storage: redis
          ? new FailOpenThrottlerStorage(new ThrottlerStorageRedisService(redis), availability)
          : new ThrottlerStorageService(),
      }),
    }),
  ],
})
export class RateLimitModule {}
