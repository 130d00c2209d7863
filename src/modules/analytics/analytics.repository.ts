import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface DailyCount {
  day: string;
  metric: string;
  count: number;
}

@Injectable()
export class AnalyticsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Adds `by` to the day's counter, creating it at 0 first. */
  async increment(em: EntityManager, day: string, metric: string, by: number): Promise<void> {
    await em.query(
      `INSERT INTO analytics_daily_counters (day, metric, count) VALUES ($1, $2, $3)
       ON CONFLICT (day, metric) DO UPDATE SET count = analytics_daily_counters.count + EXCLUDED.count`,
      [day, metric, by],
    );
  }

  /** Counters from `since` (a YYYY-MM-DD day, inclusive), oldest day first. */
  async countsSince(since: string): Promise<DailyCount[]> {
    const rows = await this.dataSource.query<{ day: string; metric: string; count: string }[]>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, metric, count FROM analytics_daily_counters
       WHERE day >= $1 ORDER BY day, metric`,
      [since],
    );
    return rows.map((row) => ({ day: row.day, metric: row.metric, count: Number(row.count) }));
  }
}
