import { Module } from '@nestjs/common';
import { RequestContextModule } from './common/request-context/request-context.module';
import { AppConfigModule } from './config/app-config.module';
import { CacheModule } from './infrastructure/cache/cache.module';
import { DatabaseModule } from './infrastructure/database/database.module';
import { EventProcessingModule } from './infrastructure/events/event-processing.module';
import { EventsModule } from './infrastructure/events/events.module';
import { EVENT_CONSUMERS } from './modules/event-consumers';
import { HealthModule } from './infrastructure/health/health.module';
import { MailModule } from './infrastructure/mail/mail.module';
import { LoggingModule } from './infrastructure/observability/logging.module';
import { MetricsModule } from './infrastructure/observability/metrics.module';
import { RedisModule } from './infrastructure/redis/redis.module';

/**
 * The worker process: the same infrastructure and feature modules as the API, without the
 * public HTTP surface. Its small HTTP server answers only /health/* and /metrics.
 */
@Module({
  imports: [
    AppConfigModule,
    RequestContextModule,
    LoggingModule.forRoot(),
    MetricsModule,
    DatabaseModule,
    RedisModule,
    CacheModule,
    HealthModule.forProcess('required'),
    EventsModule,
    MailModule,
    EventProcessingModule.register({ role: 'worker', ...EVENT_CONSUMERS }),
  ],
})
export class WorkerModule {}
