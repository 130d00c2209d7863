import { Logger } from '@nestjs/common';
import {
  DIRECT_CONNECTION,
  TransactionRunner,
} from '../src/infrastructure/database/transaction-runner';
import { ProcessedEventsCleanup } from '../src/infrastructure/events/processed-events-cleanup';
import { ProcessedEventsRepository } from '../src/infrastructure/events/processed-events.repository';
import { createEventEnvironment, type EventEnvironment } from './support/event-environment';

describe('processed events cleanup (real PostgreSQL)', () => {
  let environment: EventEnvironment;
  let tx: TransactionRunner;
  const repository = new ProcessedEventsRepository();

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    environment = await createEventEnvironment('processedcleanup');
    tx = new TransactionRunner(environment.db, DIRECT_CONNECTION);
  });

  afterAll(() => environment.dispose());

  /** `count` rows processed `daysAgo` days ago, by `consumer`. */
  async function insert(consumer: string, count: number, daysAgo: number): Promise<void> {
    await environment.db.query(
      `INSERT INTO processed_events (consumer, event_id, processed_at)
       SELECT $1, gen_random_uuid(), now() - make_interval(days => $3)
       FROM generate_series(1, $2)`,
      [consumer, count, daysAgo],
    );
  }

  async function rows(): Promise<{ consumer: string; days: number; count: number }[]> {
    return environment.db.query(
      `SELECT consumer, extract(day FROM now() - processed_at)::int AS days, count(*)::int AS count
       FROM processed_events GROUP BY 1, 2 ORDER BY 1, 2`,
    );
  }

  beforeEach(() => environment.db.query(`DELETE FROM processed_events`));

  it('one round deletes the rows processed over 7 days ago, and only those', async () => {
    await insert('analytics', 4, 8);
    await insert('notifications', 2, 30);
    await insert('analytics', 3, 6);
    await insert('notifications', 1, 0);

    expect(await new ProcessedEventsCleanup(tx, repository).round()).toBe(false);
    expect(await rows()).toEqual([
      { consumer: 'analytics', days: 6, count: 3 },
      { consumer: 'notifications', days: 0, count: 1 },
    ]);
  });

  it('deletes in bounded batches, oldest first, asking for another round while a batch is full', async () => {
    await insert('analytics', 3, 9);
    await insert('analytics', 2, 8);
    await insert('analytics', 2, 1);
    const cleanup = new ProcessedEventsCleanup(tx, repository, 3);

    expect(await cleanup.round()).toBe(true);
    expect(await rows()).toEqual([
      { consumer: 'analytics', days: 1, count: 2 },
      { consumer: 'analytics', days: 8, count: 2 },
    ]);
    expect(await cleanup.round()).toBe(false);
    expect(await rows()).toEqual([{ consumer: 'analytics', days: 1, count: 2 }]);
  });

  it('prunes by the processed_at index, not by reading the table', async () => {
    // The table is tiny here, where a scan is cheapest: forbid it, as a large table would.
    const plan = await environment.db.transaction(async (em) => {
      await em.query(`SET LOCAL enable_seqscan = off`);
      return em.query<{ 'QUERY PLAN': string }[]>(
        `EXPLAIN SELECT consumer, event_id FROM processed_events
         WHERE processed_at < now() ORDER BY processed_at LIMIT 100`,
      );
    });
    expect(plan.map((line) => line['QUERY PLAN']).join('\n')).toContain(
      'processed_events_processed_at',
    );
  });
});
