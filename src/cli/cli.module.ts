import { Module } from '@nestjs/common';
import { RequestContextModule } from '../common/request-context/request-context.module';
import { AppConfigModule } from '../config/app-config.module';
import { AuthModule } from '../infrastructure/auth/auth.module';
import { CacheModule } from '../infrastructure/cache/cache.module';
import { DatabaseModule } from '../infrastructure/database/database.module';
import { EventsModule } from '../infrastructure/events/events.module';
import { LoggingModule } from '../infrastructure/observability/logging.module';
import { RedisModule } from '../infrastructure/redis/redis.module';
import { AnalyticsModule } from '../modules/analytics/analytics.module';
import { SeedModule } from '../modules/seed/seed.module';
import { UsersModule } from '../modules/users/users.module';
import { AnalyticsReportCommand } from './analytics-report.command';
import { CacheFlushCommand } from './cache-flush.command';
import { EventsReplayDeadCommand } from './events-replay-dead.command';
import { EventsStatusCommand } from './events-status.command';
import { RedisConnection } from './redis-connection';
import { SeedCommand } from './seed.command';
import { UserCreateCommand } from './user-create.command';

/**
 * The CLI process: the infrastructure and feature modules the worker and the API use, and one
 * provider per command. No HTTP server, no relay or consumers, no request log lines, and no
 * MetricsModule: nothing here records metrics, and its METRICS_PORT server would collide with
 * the API's in the same pod.
 */
@Module({
  imports: [
    AppConfigModule,
    RequestContextModule,
    LoggingModule.forRoot(),
    DatabaseModule,
    RedisModule,
    CacheModule,
    EventsModule,
    AuthModule,
    UsersModule,
    AnalyticsModule,
    SeedModule,
  ],
  providers: [
    RedisConnection,
    SeedCommand,
    UserCreateCommand,
    EventsStatusCommand,
    EventsReplayDeadCommand,
    AnalyticsReportCommand,
    CacheFlushCommand,
  ],
})
export class CliModule {}
