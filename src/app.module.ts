import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { CommonModule } from './common/common.module';
import { authConfig } from './config/auth.config';
import { databaseConfig } from './config/database.config';
import { httpConfig } from './config/http.config';
import { metricsConfig } from './config/metrics.config';
import { rateLimitConfig } from './config/rate-limit.config';
import { redisConfig } from './config/redis.config';
import { AuthModule } from './infrastructure/auth/auth.module';
import { DatabaseModule } from './infrastructure/database/database.module';
import { CacheModule } from './infrastructure/cache/cache.module';
import { HealthModule } from './infrastructure/health/health.module';
import { LoggingModule } from './infrastructure/observability/logging.module';
import { MetricsModule } from './infrastructure/observability/metrics.module';
import { RateLimitModule } from './infrastructure/rate-limit/rate-limit.module';
import { RedisModule } from './infrastructure/redis/redis.module';
import { ArticlesModule } from './modules/articles/articles.module';
import { CommentsModule } from './modules/comments/comments.module';
import { ProfilesModule } from './modules/profiles/profiles.module';
import { TagsModule } from './modules/tags/tags.module';
import { UsersModule } from './modules/users/users.module';

@Module({
  imports: [
    // Only the process environment is read (no .env file), validated by config/environment.ts.
    ConfigModule.forRoot({
      isGlobal: true,
      ignoreEnvFile: true,
      load: [httpConfig, databaseConfig, authConfig, redisConfig, rateLimitConfig, metricsConfig],
    }),
    LoggingModule,
    MetricsModule,
    CommonModule,
    DatabaseModule,
    RedisModule,
    CacheModule,
    RateLimitModule,
    AuthModule,
    HealthModule,
    UsersModule,
    ProfilesModule,
    ArticlesModule,
    CommentsModule,
    TagsModule,
  ],
})
export class AppModule {}
