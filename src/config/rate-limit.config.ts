import { registerAs, type ConfigType } from '@nestjs/config';
import { validateEnvironment } from './validate-environment';

export const rateLimitConfig = registerAs('rateLimit', () => {
  const env = validateEnvironment(process.env);
  return {
    limit: env.THROTTLE_LIMIT,
    ttlMs: env.THROTTLE_TTL_SECONDS * 1000,
    authLimit: env.AUTH_THROTTLE_LIMIT,
    authTtlMs: env.AUTH_THROTTLE_TTL_SECONDS * 1000,
  };
});

export type RateLimitConfig = ConfigType<typeof rateLimitConfig>;
