import { Injectable } from '@nestjs/common';
import { AnalyticsRepository, type DailyCount } from './analytics.repository';

@Injectable()
export class AnalyticsService {
  constructor(private readonly analytics: AnalyticsRepository) {}

  /** The daily counters of the last `days` days, today (UTC) included. */
  report(days: number, today: Date = new Date()): Promise<DailyCount[]> {
    const since = new Date(today.getTime() - (days - 1) * 86_400_000).toISOString().slice(0, 10);
    return this.analytics.countsSince(since);
  }
}
