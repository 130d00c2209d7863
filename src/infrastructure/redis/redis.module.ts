import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { redisConfig, type RedisConfig } from '../../config/redis.config';
import { RedisAvailability } from './redis-availability';
import { createRedisClient, REDIS_CLIENT, type RedisClient } from './redis-client';

/** The one Redis connection of the process, shared by the cache and the rate limiter. */
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
          return null;
        }
        const client = createRedisClient(config.url);
        // Failures surface on the commands; this keeps ioredis from reporting them as unhandled.
        client.on('error', () => undefined);
        client.on('ready', () => availability.reportRecovered());
        return client;
      },
    },
  ],
  exports: [REDIS_CLIENT, RedisAvailability],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: RedisClient) {}

  /** After the server has drained, like the database pool. */
  onApplicationShutdown(): void {
    this.redis?.disconnect(false);
  }
}
