import { CACHE_MANAGER, CacheModule as NestCacheModule } from '@nestjs/cache-manager';
import { Global, Module } from '@nestjs/common';
import type { Cache } from 'cache-manager';
import { Keyv } from 'keyv';
import { redisConfig, type RedisConfig } from '../../config/redis.config';
import { REQUEST_PATH_REDIS, type RedisClient } from '../redis/redis-client';
import { AppCache } from './app-cache';
import { CACHE_STORE } from './cache.tokens';
import type { CacheStore } from './cache-store';
import { MemoryCacheStore } from './memory-cache-store';
import { RedisCacheStore } from './redis-cache-store';

/**
 * The store behind AppCache: with REDIS_URL, Redis through the process's one ioredis client (a
 * hit is one MGET; see README's decisions for why not Keyv there); without it, cache-manager's
 * in-memory store (@nestjs/cache-manager with Keyv).
 */
@Global()
@Module({
  imports: [NestCacheModule.register({ stores: [new Keyv()] })],
  providers: [
    {
      provide: CACHE_STORE,
      inject: [REQUEST_PATH_REDIS, redisConfig.KEY, CACHE_MANAGER],
      useFactory: (redis: RedisClient, config: RedisConfig, memory: Cache): CacheStore =>
        redis
          ? new RedisCacheStore(
              redis,
              config.keyPrefix,
              2 * config.cacheTtlMs + 60_000,
              config.cluster,
            )
          : new MemoryCacheStore(memory),
    },
    AppCache,
  ],
  // cache-manager's store too, for ResponseCacheInterceptor's base class (see there).
  exports: [AppCache, NestCacheModule],
})
export class CacheModule {}
