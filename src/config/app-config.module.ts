import { ConfigModule } from '@nestjs/config';
import { authConfig } from './auth.config';
import { databaseConfig } from './database.config';
import { eventsConfig } from './events.config';
import { httpConfig } from './http.config';
import { mailConfig } from './mail.config';
import { metricsConfig } from './metrics.config';
import { rateLimitConfig } from './rate-limit.config';
import { redisConfig } from './redis.config';

/**
 * The typed configuration every process (API, worker, CLI) loads. Only the process environment
 * is read (no .env file), validated by config/environment.ts.
 */
export const AppConfigModule = ConfigModule.forRoot({
  isGlobal: true,
  ignoreEnvFile: true,
  load: [
    httpConfig,
    databaseConfig,
    authConfig,
    redisConfig,
    rateLimitConfig,
    metricsConfig,
    eventsConfig,
    mailConfig,
  ],
});
