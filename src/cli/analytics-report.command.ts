import { Command, Option } from 'nest-commander';
import type { DailyCount } from '../modules/analytics/analytics.repository';
import { AnalyticsService } from '../modules/analytics/analytics.service';
import { ANALYTICS_METRICS } from '../modules/analytics/analytics.subscriber';
import { CliCommand } from './cli-command';
import { formatTable, print, printJson } from './output';
import { parseWholeNumber } from './whole-number';

interface AnalyticsReportOptions {
  days: number;
  json?: boolean;
}

type DayRow = { day: string } & Record<string, number | string>;

/** One row per day that has counters, one column per metric (the known ones first). */
function pivot(counts: readonly DailyCount[]): { metrics: string[]; rows: DayRow[] } {
  const metrics: string[] = [...ANALYTICS_METRICS];
  for (const { metric } of counts) if (!metrics.includes(metric)) metrics.push(metric);
  const byDay = new Map<string, DayRow>();
  for (const { day, metric, count } of counts) {
    let row = byDay.get(day);
    if (!row) {
      row = { day };
      for (const name of metrics) row[name] = 0;
      byDay.set(day, row);
    }
    row[metric] = count;
  }
  return { metrics, rows: [...byDay.values()] };
}

@Command({
  name: 'analytics:report',
  description: 'Show the daily analytics counters (signups, articles published, favorites)',
})
export class AnalyticsReportCommand extends CliCommand {
  constructor(private readonly analytics: AnalyticsService) {
    super();
  }

  async run(_arguments: string[], options: AnalyticsReportOptions): Promise<void> {
    const { metrics, rows } = pivot(await this.analytics.report(options.days));
    if (options.json) {
      printJson({ days: options.days, rows });
      return;
    }
    if (rows.length === 0) {
      print(`No counters in the last ${options.days} days (UTC).`);
      return;
    }
    print(
      `Daily counters, last ${options.days} days (UTC):`,
      formatTable(
        ['day', ...metrics],
        rows.map((row) => [row.day, ...metrics.map((metric) => String(row[metric]))]),
      ),
    );
  }

  @Option({
    flags: '--days <n>',
    description: 'how many days back, today (UTC) included',
    defaultValue: 7,
  })
  parseDays(value: string): number {
    return parseWholeNumber(value, 1, 3_660);
  }

  @Option({ flags: '--json', description: 'print JSON for scripts' })
  parseJson(): boolean {
    return true;
  }
}
