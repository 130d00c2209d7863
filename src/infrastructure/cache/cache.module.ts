import { createKeyv } from '@keyv/redis';
import { CacheModule as NestCacheModule } from '@nestjs/cache-manager';
import { Global, Module } from '@nestjs/common';
import { Keyv } from 'keyv';
import { redisConfig, type RedisConfig } from '../../config/redis.config';
import { AppCache } from './app-cache';

/**
 * Keyv over Redis that, like the ioredis client, neither queues nor waits for a lost server,
 * and reports failures (AppCache then uses the database). createKeyv leaves keys unprefixed:
 * AppCache prefixes them with REDIS_KEY_PREFIX itself.
 */
function redisStore(url: string): Keyv {
  const keyv = createKeyv(
    {
      url,
      disableOfflineQueue: true,
      socket: {
        connectTimeout: 1_000,
        reconnectStrategy: (retries: number) => Math.min(retries * 100, 2_000),
      },
    },
    { throwOnConnectError: false, throwOnErrors: true },
  );
  keyv.throwOnErrors = true;
  keyv.on('error', () => undefined);
  return keyv;
}

@Global()
@Module({
  imports: [
    NestCacheModule.registerAsync({
      inject: [redisConfig.KEY],
      useFactory: (config: RedisConfig) => ({
        stores: config.url === undefined ? [new Keyv()] : [redisStore(config.url)],
        ttl: config.cacheTtlMs,
      }),
    }),
  ],
  providers: [AppCache],
  exports: [AppCache],
})
export class CacheModule {}
