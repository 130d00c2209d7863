import { Module } from '@nestjs/common';
import { CommonModule } from './common/common.module';
import { RequestContextModule } from './common/request-context/request-context.module';
import { AppConfigModule } from './config/app-config.module';
import { EventProcessingModule } from './infrastructure/events/event-processing.module';
import { EventsModule } from './infrastructure/events/events.module';
import { EVENT_CONSUMERS } from './modules/event-consumers';
import { IdempotencyCleanupModule } from './infrastructure/idempotency/idempotency.module';
import { MailModule } from './infrastructure/mail/mail.module';
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
    AppConfigModule,
    RequestContextModule,
    LoggingModule.forRoot(),
    MetricsModule,
    CommonModule,
    DatabaseModule,
    RedisModule,
    CacheModule,
    RateLimitModule,
    AuthModule,
    HealthModule.forProcess('optional'),
    EventsModule,
    MailModule,
    IdempotencyCleanupModule,
    // Without REDIS_URL the API also relays and consumes its events (one-command default).
    EventProcessingModule.register({ role: 'api', ...EVENT_CONSUMERS }),
    UsersModule,
    ProfilesModule,
    ArticlesModule,
    CommentsModule,
    TagsModule,
  ],
})
export class AppModule {}
