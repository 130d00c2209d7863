import { Global, Module } from '@nestjs/common';
import { ThrottlerStorageService, type ThrottlerStorage } from '@nestjs/throttler';
import { RedisAvailability } from '../redis/redis-availability';
import { REQUEST_PATH_REDIS, type RedisClient } from '../redis/redis-client';
import { FailOpenThrottlerStorage } from './fail-open-throttler-storage';
import { RateLimiter, THROTTLER_STORAGE } from './rate-limiter';
import { RedisThrottlerStorage } from './redis-throttler-storage';

/**
 * The rate limiter and where it counts: Redis (an atomic Lua script, sent by its SHA) so every
 * replica shares the counts, failing open; without REDIS_URL, @nestjs/throttler's in-memory
 * storage. It is applied by a Fastify hook (common/rate-limit/rate-limit.hook.ts).
 */
@Global()
@Module({
  providers: [
    ThrottlerStorageService,
    {
      provide: THROTTLER_STORAGE,
      inject: [REQUEST_PATH_REDIS, RedisAvailability, ThrottlerStorageService],
      useFactory: (
        redis: RedisClient,
        availability: RedisAvailability,
        memory: ThrottlerStorageService,
      ): ThrottlerStorage =>
        redis
          ? new FailOpenThrottlerStorage(new RedisThrottlerStorage(redis), availability)
          : memory,
    },
    RateLimiter,
  ],
  exports: [RateLimiter],
})
export class RateLimitModule {}
