import { randomUUID } from 'node:crypto';
import { Logger, type LoggerService } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { EventsConfig } from '../src/config/events.config';
import type { AppCache } from '../src/infrastructure/cache/app-cache';
import {
  DIRECT_CONNECTION,
  TransactionRunner,
} from '../src/infrastructure/database/transaction-runner';
import type { DomainEvent, EventType } from '../src/infrastructure/events/domain-event';
import { EventDelivery } from '../src/infrastructure/events/event-delivery';
import { EventMetrics } from '../src/infrastructure/events/event-metrics';
import type { EventSubscriber } from '../src/infrastructure/events/event-subscriber';
import { OutboxRelay } from '../src/infrastructure/events/outbox-relay';
import { OutboxRepository } from '../src/infrastructure/events/outbox.repository';
import { ProcessedEventsRepository } from '../src/infrastructure/events/processed-events.repository';
import { createStreamConnection } from '../src/infrastructure/events/stream-connection';
import { StreamConsumer } from '../src/infrastructure/events/stream-consumer';
import { toEntries } from '../src/infrastructure/events/stream-entry';
import { StreamTrimmer } from '../src/infrastructure/events/stream-trimmer';
import { MetricsService } from '../src/infrastructure/observability/metrics.service';
import {
  createEventEnvironment,
  eventually,
  type EventEnvironment,
} from './support/event-environment';
import { describeWithRedis, redisUrlForTests } from './support/redis';

/** Records the events it handles; its effect is only its processed_events row. */
class RecordingSubscriber implements EventSubscriber {
  readonly handles: ReadonlySet<EventType> = new Set<EventType>(['article.favorited']);
  readonly handled = new Set<string>();

  constructor(readonly name: string) {}

  async handle(event: DomainEvent): Promise<void> {
    this.handled.add(event.id);
  }
}

/** Keeps the error lines the trimmer and the consumers log (the alert), drops the rest. */
class ErrorLines implements LoggerService {
  readonly lines: string[] = [];
  log(): void {}
  warn(): void {}
  error(message: unknown): void {
    this.lines.push(String(message));
  }
}

/**
 * The stream trimmer with the real relay, consumers and Redis: a "keeper" group that keeps up and
 * a "laggard" group whose consumer stops, having read entries it never acknowledged (3 as itself,
 * 2 as a consumer that never comes back), while more events than the ceiling are published.
 */
describeWithRedis('stream trimming (real PostgreSQL, Redis, relay and consumers)', () => {
  const redisUrl = redisUrlForTests() ?? '';
  const errors = new ErrorLines();
  let environment: EventEnvironment;
  let redis: Redis;
  let tx: TransactionRunner;
  let outbox: OutboxRepository;
  let delivery: EventDelivery;
  /** The consumers started, by consumer name. */
  const running = new Map<string, StreamConsumer>();

  beforeAll(async () => {
    Logger.overrideLogger(errors);
    environment = await createEventEnvironment('trimming');
    redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    tx = new TransactionRunner(environment.db, DIRECT_CONNECTION);
    outbox = new OutboxRepository(environment.db);
    delivery = new EventDelivery(tx, new ProcessedEventsRepository());
  });

  beforeEach(() => {
    errors.lines.length = 0;
  });

  afterEach(async () => {
    await Promise.all([...running.values()].map((consumer) => consumer.stop()));
    running.clear();
  });

  afterAll(async () => {
    const keys = await redis.keys(`${environment.keyPrefix}*`);
    if (keys.length > 0) await redis.unlink(...keys);
    redis.disconnect();
    await environment.dispose();
  });

  /** One test's stream (its own keys), ceiling and metrics. */
  function setUp(name: string, streamMaxLength: number) {
    const cache = { stats: { hits: 0, misses: 0, errors: 0 } } as unknown as AppCache;
    const metrics = new EventMetrics(new MetricsService(environment.db, cache), outbox);
    const prefix = `${environment.keyPrefix}${name}:`;
    const config = (consumerName: string, claimIdleMs = 60_000): EventsConfig => ({
      inProcess: false,
      streamKey: `${prefix}events`,
      deadLetterStreamKey: `${prefix}events:dead`,
      attemptsKeyPrefix: `${prefix}events:attempts:`,
      consumerName,
      batchSize: 10,
      relayIntervalMs: 10,
      claimIdleMs,
      maxAttempts: 3,
      retryBaseMs: 10,
      streamMaxLength,
      workerHealthPort: 0,
    });
    const { streamKey } = config('relay');
    const relay = new OutboxRelay(tx, outbox, redis, config('relay'), metrics);
    const trimmer = new StreamTrimmer(redis, config('trimmer'), metrics);
    return {
      streamKey,
      /** Writes `count` events to the outbox and relays them; their ids, in stream order. */
      async publish(count: number): Promise<string[]> {
        const ids = Array.from({ length: count }, () => randomUUID());
        await environment.db.query(
          `INSERT INTO outbox_events (id, type, payload, occurred_at)
           SELECT id, 'article.favorited', jsonb_build_object('articleId', n, 'slug', 'a', 'userId', 1), now()
           FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, n) ORDER BY n`,
          [ids],
        );
        for (let more = true; more;) more = await relay.round();
        return ids;
      },
      start(subscriber: EventSubscriber, consumerName: string, claimIdleMs?: number): void {
        const consumer = new StreamConsumer(
          subscriber,
          delivery,
          createStreamConnection(redisUrl, consumerName, false),
          config(consumerName, claimIdleMs),
          metrics,
        );
        running.set(consumerName, consumer);
        consumer.start();
      },
      async stop(consumerName: string): Promise<void> {
        await running.get(consumerName)?.stop();
        running.delete(consumerName);
      },
      /** Reads `count` new entries for `group` as `consumerName`, never acknowledging them. */
      async readWithoutAck(group: string, consumerName: string, count: number): Promise<string[]> {
        const reply: unknown = await redis.xreadgroup(
          'GROUP',
          group,
          consumerName,
          'COUNT',
          count,
          'STREAMS',
          streamKey,
          '>',
        );
        const stream: unknown = Array.isArray(reply) ? reply[0] : undefined;
        return toEntries(Array.isArray(stream) ? stream[1] : undefined).map(([id]) => id);
      },
      async trim(): Promise<void> {
        for (let more = true; more;) more = await trimmer.round();
      },
      async lost(consumer: string): Promise<number> {
        const { values } = await metrics.lost.get();
        return values.find((value) => value.labels.consumer === consumer)?.value ?? 0;
      },
      async pending(group: string): Promise<unknown> {
        return (await redis.xpending(streamKey, group))[0];
      },
      /** The event ids in the stream, oldest first, with their entry ids. */
      async entries(): Promise<{ entryId: string; eventId: string }[]> {
        const entries = await redis.xrange(streamKey, '-', '+');
        return entries.map(([entryId, fields]) => ({
          entryId,
          eventId: String(JSON.parse(fields[fields.indexOf('event') + 1] ?? '{}').id),
        }));
      },
    };
  }

  it('below the ceiling, trims only what every group has read: the stopped group later gets every event', async () => {
    const stream = setUp('below', 50);
    const keeper = new RecordingSubscriber('keeper');
    const laggard = new RecordingSubscriber('laggard');
    stream.start(keeper, 'keeper-1');
    stream.start(laggard, 'laggard-1');
    const first = await stream.publish(40);
    await eventually(
      async () => [keeper.handled.size, laggard.handled.size],
      ([kept, lagged]) => kept === 40 && lagged === 40,
    );
    await stream.stop('laggard-1');
    // 60 events in all, over the ceiling of 50; what the laggard still needs (20) is under it.
    const second = await stream.publish(20);
    await stream.readWithoutAck('laggard', 'laggard-1', 3);
    await stream.readWithoutAck('laggard', 'gone', 2);
    await eventually(
      async () => keeper.handled.size,
      (size) => size === 60,
    );

    await stream.trim();
    const kept = (await stream.entries()).map(({ eventId }) => eventId);
    expect(kept.slice(-20)).toEqual(second);
    // Entries both groups had read went (at least one whole node of the 40).
    expect(kept.length).toBeLessThan(60);

    // The laggard comes back: its own pending entries, the gone consumer's (claimed), the rest.
    stream.start(laggard, 'laggard-1', 200);
    await eventually(
      async () => laggard.handled.size,
      (size) => size === 60,
    );
    expect([...laggard.handled].toSorted()).toEqual([...first, ...second].toSorted());
    await eventually(
      async () => [await stream.pending('keeper'), await stream.pending('laggard')],
      (pending) => pending.every((count) => count === 0),
    );
    // Every group has read and acknowledged everything: nothing is left to keep.
    await stream.trim();
    expect(await redis.xlen(stream.streamKey)).toBe(0);
    expect(await stream.lost('keeper')).toBe(0);
    expect(await stream.lost('laggard')).toBe(0);
    expect(errors.lines).toEqual([]);
  });

  it('with no consumer group yet, trims nothing under the ceiling: the first group gets every event', async () => {
    const stream = setUp('nogroup', 30);
    const published = await stream.publish(25);
    await stream.trim();
    expect(await redis.xlen(stream.streamKey)).toBe(25);

    const first = new RecordingSubscriber('first');
    stream.start(first, 'first-1');
    await eventually(
      async () => first.handled.size,
      (size) => size === 25,
    );
    expect([...first.handled].toSorted()).toEqual(published.toSorted());
    expect(errors.lines).toEqual([]);
  });

  it('past the ceiling, counts and logs exactly what the stopped group can no longer read, once', async () => {
    const stream = setUp('past', 30);
    const keeper = new RecordingSubscriber('keeper');
    const laggard = new RecordingSubscriber('laggard');
    stream.start(keeper, 'keeper-2');
    stream.start(laggard, 'laggard-2');
    const first = await stream.publish(20);
    await eventually(
      async () => [keeper.handled.size, laggard.handled.size],
      ([kept, lagged]) => kept === 20 && lagged === 20,
    );
    await stream.stop('laggard-2');
    const second = await stream.publish(60);
    const pendingEntries = [
      ...(await stream.readWithoutAck('laggard', 'laggard-2', 3)),
      ...(await stream.readWithoutAck('laggard', 'gone', 2)),
    ];
    expect(pendingEntries).toHaveLength(5);
    await eventually(
      async () => keeper.handled.size,
      (size) => size === 80,
    );

    // 80 entries, ceiling 30: the oldest 50 go. The laggard had not read 25 of them (the 26th
    // to the 50th event): the trimmer counts those; 5 more were pending in it.
    await stream.trim();
    expect((await stream.entries()).map(({ eventId }) => eventId)).toEqual(second.slice(30));
    expect(await stream.lost('laggard')).toBe(25);
    expect(await stream.lost('keeper')).toBe(0);
    expect(errors.lines).toEqual([
      expect.stringMatching(
        /consumer group laggard lost 25 entries it had not read; 5 pending entries of consumer group laggard went/,
      ),
    ]);

    // Back, the laggard meets its 5 trimmed pending entries (3 read as itself, 2 claimed from
    // the consumer that is gone): each counted once, with its id, and handles the last 30.
    stream.start(laggard, 'laggard-2', 200);
    // A subscriber records an event before its consumer acknowledges it (XACK follows the
    // delivery's commit): wait for the group's pending list to empty too, or the last entry
    // handled may still be pending when XPENDING is asked below.
    await eventually(
      async () => [
        laggard.handled.size,
        await stream.lost('laggard'),
        await stream.pending('laggard'),
      ],
      ([handled, lostCount, pending]) => handled === 50 && lostCount === 30 && pending === 0,
    );
    expect([...laggard.handled].toSorted()).toEqual([...first, ...second.slice(30)].toSorted());
    for (const entryId of pendingEntries) {
      expect(errors.lines).toContainEqual(expect.stringContaining(`Entry ${entryId} was trimmed`));
    }
    expect(errors.lines).toHaveLength(6);
    expect(errors.lines.join('\n')).not.toContain('keeper');
    expect(await stream.lost('keeper')).toBe(0);
    expect(await redis.xpending(stream.streamKey, 'laggard')).toEqual([0, null, null, null]);
  });
});
