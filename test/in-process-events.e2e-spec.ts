import { Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventsConfig } from '../src/config/events.config';
import type { AppCache } from '../src/infrastructure/cache/app-cache';
import {
  DIRECT_CONNECTION,
  TransactionRunner,
} from '../src/infrastructure/database/transaction-runner';
import type { DomainEvent, EventType } from '../src/infrastructure/events/domain-event';
import { EventDelivery } from '../src/infrastructure/events/event-delivery';
import { EventMetrics } from '../src/infrastructure/events/event-metrics';
import { RetryLater, type EventSubscriber } from '../src/infrastructure/events/event-subscriber';
import { InProcessRelay } from '../src/infrastructure/events/in-process-relay';
import { OutboxCleanup } from '../src/infrastructure/events/outbox-cleanup';
import { OutboxRepository } from '../src/infrastructure/events/outbox.repository';
import { ProcessedEventsRepository } from '../src/infrastructure/events/processed-events.repository';
import { MetricsService } from '../src/infrastructure/observability/metrics.service';
import { createEventEnvironment, type EventEnvironment } from './support/event-environment';

const MAX_ATTEMPTS = 3;

/** A subscriber whose effect is a counter row, failing on demand: a poison event, or "later". */
class CountingSubscriber implements EventSubscriber {
  readonly handles: ReadonlySet<EventType> = new Set<EventType>(['article.favorited']);
  readonly calls = new Map<number, number>();
  postponeOnce = new Set<number>();

  constructor(
    readonly name: string,
    private readonly poisonArticleId: number | undefined,
  ) {}

  async handle(event: DomainEvent, em: EntityManager): Promise<void> {
    const articleId = Number(Reflect.get(event.payload, 'articleId'));
    this.calls.set(articleId, (this.calls.get(articleId) ?? 0) + 1);
    if (articleId === this.poisonArticleId) throw new Error(`cannot handle article ${articleId}`);
    if (this.postponeOnce.delete(articleId)) throw new RetryLater('not now', 10);
    await em.query(
      `INSERT INTO analytics_daily_counters (day, metric, count) VALUES ('2026-02-01', $1, 1)
       ON CONFLICT (day, metric) DO UPDATE SET count = analytics_daily_counters.count + 1`,
      [this.name],
    );
  }
}

/**
 * The one-command mode (no Redis): the outbox is the queue. The relay and the repositories are
 * the real ones on a real database; only the subscribers are the test's own, to fail on cue.
 */
describe('in-process event relay (real PostgreSQL)', () => {
  let environment: EventEnvironment;
  let outbox: OutboxRepository;
  let makeRelay: (subscribers: EventSubscriber[]) => InProcessRelay;

  beforeAll(async () => {
    // No app here to set the log level: keep the relay's retry warnings out of the test output.
    Logger.overrideLogger(['error']);
    environment = await createEventEnvironment('inprocess');
    const db = environment.db;
    const tx = new TransactionRunner(db, DIRECT_CONNECTION);
    outbox = new OutboxRepository(db);
    const metrics = new EventMetrics(
      new MetricsService(db, { stats: { hits: 0, misses: 0, errors: 0 } } as unknown as AppCache),
      outbox,
    );
    const config = {
      batchSize: 100,
      maxAttempts: MAX_ATTEMPTS,
      retryBaseMs: 1,
      relayIntervalMs: 10,
    } as EventsConfig;
    const delivery = new EventDelivery(tx, new ProcessedEventsRepository());
    makeRelay = (subscribers) =>
      new InProcessRelay(tx, outbox, delivery, subscribers, config, metrics);
  });

  afterAll(() => environment.dispose());

  async function insertFavorited(articleIds: number[]): Promise<void> {
    await environment.db.query(
      `INSERT INTO outbox_events (id, type, payload, occurred_at)
       SELECT gen_random_uuid(), 'article.favorited',
              jsonb_build_object('articleId', i, 'slug', 'a-' || i, 'userId', 1), now()
       FROM unnest($1::int[]) AS i`,
      [articleIds],
    );
  }

  async function counterOf(metric: string): Promise<number> {
    const rows = await environment.db.query<{ count: string }[]>(
      `SELECT count FROM analytics_daily_counters WHERE metric = $1`,
      [metric],
    );
    return Number(rows[0]?.count ?? 0);
  }

  /** Rounds until nothing is due, waiting out the (1 ms-based) back-off in between. */
  async function drain(relay: InProcessRelay): Promise<void> {
    for (let round = 0; round < 100; round += 1) {
      await relay.round();
      if ((await outbox.backlog()).unpublished === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('dead-letters a poison event after exactly EVENTS_MAX_ATTEMPTS tries; the others are handled once by each subscriber', async () => {
    const failing = new CountingSubscriber('alpha', 13);
    const healthy = new CountingSubscriber('beta', undefined);
    failing.postponeOnce.add(7);
    await insertFavorited(Array.from({ length: 20 }, (_, i) => i + 1));
    await drain(makeRelay([healthy, failing]));

    expect(failing.calls.get(13)).toBe(MAX_ATTEMPTS);
    // Postponed by RetryLater: tried again, without counting an attempt.
    expect(failing.calls.get(7)).toBe(2);
    expect(await counterOf('alpha')).toBe(19);
    // The healthy subscriber ran the poison event once: its processed row made retries skip it.
    expect(healthy.calls.get(13)).toBe(1);
    expect(await counterOf('beta')).toBe(20);
    const dead = await environment.db.query<{ attempts: number; last_error: string }[]>(
      `SELECT attempts, last_error FROM outbox_events WHERE dead_at IS NOT NULL`,
    );
    expect(dead).toEqual([
      {
        attempts: MAX_ATTEMPTS,
        last_error: expect.stringContaining('alpha: Error: cannot handle article 13'),
      },
    ]);
    expect(await outbox.backlog()).toMatchObject({ unpublished: 0, dead: 1 });

    // Replayed once the bug is fixed: handled, exactly once more.
    expect(await outbox.replayDead()).toBe(1);
    await drain(makeRelay([healthy, new CountingSubscriber('alpha', undefined)]));
    expect(await counterOf('alpha')).toBe(20);
    expect(await counterOf('beta')).toBe(20);
    expect(await outbox.backlog()).toMatchObject({ unpublished: 0, dead: 0 });
  });

  it('deletes rows published over 7 days ago, and only those', async () => {
    await environment.db.query(`DELETE FROM outbox_events`);
    await environment.db.query(
      `INSERT INTO outbox_events (id, type, payload, occurred_at, published_at)
       VALUES (gen_random_uuid(), 'article.favorited', '{}', now(), now() - interval '8 days'),
              (gen_random_uuid(), 'article.favorited', '{}', now(), now() - interval '6 days'),
              (gen_random_uuid(), 'article.favorited', '{}', now() - interval '9 days', NULL)`,
    );
    await new OutboxCleanup(outbox).round();
    const left = await environment.db.query<{ age: number | null }[]>(
      `SELECT extract(day FROM now() - published_at)::int AS age FROM outbox_events ORDER BY age`,
    );
    expect(left).toEqual([{ age: 6 }, { age: null }]);
  });

  it('deletes in bounded batches, oldest first, and asks for another round after a full one', async () => {
    await environment.db.query(`DELETE FROM outbox_events`);
    await environment.db.query(
      `INSERT INTO outbox_events (id, type, payload, occurred_at, published_at)
       SELECT gen_random_uuid(), 'article.favorited', '{}', now(), now() - make_interval(days => 7 + n)
       FROM generate_series(1, 5) n`,
    );
    const cleanup = new OutboxCleanup(outbox, 2);
    expect(await cleanup.round()).toBe(true);
    const left = await environment.db.query<{ age: number }[]>(
      `SELECT extract(day FROM now() - published_at)::int AS age FROM outbox_events ORDER BY age`,
    );
    expect(left.map((row) => row.age)).toEqual([8, 9, 10]);
    expect(await cleanup.round()).toBe(true);
    expect(await cleanup.round()).toBe(false);
    expect(await environment.db.query(`SELECT 1 FROM outbox_events`)).toEqual([]);
  });
});
