import { Module } from '@nestjs/common';
import { AnalyticsRepository } from './analytics.repository';
import { AnalyticsService } from './analytics.service';
import { AnalyticsSubscriber } from './analytics.subscriber';

@Module({
  providers: [AnalyticsRepository, AnalyticsService, AnalyticsSubscriber],
  exports: [AnalyticsService, AnalyticsSubscriber],
})
export class AnalyticsModule {}
