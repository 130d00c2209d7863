import type { DataSource } from 'typeorm';
import type { AppCache } from '../cache/app-cache';
import { MetricsService } from '../observability/metrics.service';
import { EventMetrics, type GroupState } from './event-metrics';
import type { OutboxBacklog, OutboxRepository } from './outbox.repository';

describe('EventMetrics gauges', () => {
  const backlog = jest.fn<Promise<OutboxBacklog>, []>();
  const groupStates = jest.fn<Promise<GroupState[]>, []>();
  let service: MetricsService;
  let metrics: EventMetrics;

  beforeEach(() => {
    backlog.mockReset();
    groupStates.mockReset();
    service = new MetricsService(
      { driver: {} } as unknown as DataSource,
      {
        stats: { hits: 0, misses: 0, errors: 0 },
      } as unknown as AppCache,
    );
    metrics = new EventMetrics(service, { backlog } as unknown as OutboxRepository);
    metrics.readGroupsFrom({ groupStates });
  });

  const sample = async (series: string): Promise<number | undefined> => {
    const text = await service.registry.metrics();
    const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };

  it('a scrape reads the last refresh, and queries nothing', async () => {
    backlog.mockResolvedValue({ unpublished: 4, oldestOccurredAt: new Date(), dead: 0 });
    groupStates.mockResolvedValue([{ consumer: 'analytics', lag: 3, pending: 2 }]);
    await metrics.refresh();
    for (let scrape = 0; scrape < 5; scrape += 1) {
      expect(await sample('outbox_backlog')).toBe(4);
      expect(await sample('events_consumer_lag{consumer="analytics"}')).toBe(3);
      expect(await sample('events_pending{consumer="analytics"}')).toBe(2);
    }
    expect(backlog).toHaveBeenCalledTimes(1);
    expect(groupStates).toHaveBeenCalledTimes(1);
  });

  it('a refresh that fails keeps the last values; the oldest row keeps ageing', async () => {
    const oldest = new Date(Date.now() - 60_000);
    backlog.mockResolvedValueOnce({ unpublished: 4, oldestOccurredAt: oldest, dead: 0 });
    groupStates.mockResolvedValueOnce([{ consumer: 'analytics', lag: 3, pending: 2 }]);
    await metrics.refresh();
    backlog.mockRejectedValueOnce(new Error('database down'));
    groupStates.mockRejectedValueOnce(new Error('Redis down'));
    await metrics.refresh();
    expect(await sample('outbox_backlog')).toBe(4);
    expect(await sample('events_consumer_lag{consumer="analytics"}')).toBe(3);
    expect(await sample('outbox_oldest_age_seconds')).toBeGreaterThanOrEqual(60);
  });
});
