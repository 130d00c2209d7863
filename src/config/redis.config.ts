import { registerAs, type ConfigType } from '@nestjs/config';
import { validateEnvironment } from './validate-environment';

export const redisConfig = registerAs('redis', () => {
  const env = validateEnvironment(process.env);
  return {
    url: env.REDIS_URL,
    cluster: env.REDIS_CLUSTER === 'true',
    keyPrefix: env.REDIS_KEY_PREFIX,
    cacheTtlMs: env.CACHE_TTL_SECONDS * 1000,
  };
});

export type RedisConfig = ConfigType<typeof redisConfig>;
