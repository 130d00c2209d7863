import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { databaseSettings } from '../src/config/database.config';
import { validateEnvironment } from '../src/config/validate-environment';
import { dataSourceOptions } from '../src/infrastructure/database/data-source-options';
import {
  DIRECT_CONNECTION,
  TransactionRunner,
} from '../src/infrastructure/database/transaction-runner';
import type { DomainEvent, EventType } from '../src/infrastructure/events/domain-event';
import { DATABASE_RETRY_MS, EventDelivery } from '../src/infrastructure/events/event-delivery';
import { RetryLater, type EventSubscriber } from '../src/infrastructure/events/event-subscriber';
import { ProcessedEventsRepository } from '../src/infrastructure/events/processed-events.repository';
import { TcpProxy } from './support/tcp-proxy';

class NoteSubscriber implements EventSubscriber {
  readonly name = `outage-${randomUUID().slice(0, 8)}`;
  readonly handles: ReadonlySet<EventType> = new Set<EventType>(['article.favorited']);
  failWith: Error | undefined;
  handled = 0;

  async handle(): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.handled++;
  }
}

function favorited(): DomainEvent {
  return {
    id: randomUUID(),
    type: 'article.favorited',
    occurredAt: new Date().toISOString(),
    payload: { articleId: 1, slug: 'a', userId: 1 },
    requestId: null,
    traceContext: {},
  };
}

// The drill's PostgreSQL cut dead-lettered every event in flight: an outage spent their attempts.
describe('event delivery while the database is unreachable', () => {
  let proxy: TcpProxy;
  let dataSource: DataSource;
  let delivery: EventDelivery;
  const subscriber = new NoteSubscriber();

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    const target = new URL(process.env.DATABASE_URL ?? '');
    proxy = await TcpProxy.start(target.hostname, Number(target.port || 5432));
    const settings = databaseSettings(
      validateEnvironment({ DATABASE_URL: proxy.urlFor(target.toString()), DB_POOL_MAX: '2' }),
    );
    dataSource = await new DataSource(dataSourceOptions(settings)).initialize();
    delivery = new EventDelivery(
      new TransactionRunner(dataSource, DIRECT_CONNECTION),
      new ProcessedEventsRepository(),
    );
  });
  afterAll(async () => {
    await dataSource.destroy();
    await proxy.close();
  });

  it('postpones the event (RetryLater, no attempt spent) and delivers it once the database is back', async () => {
    const event = favorited();
    proxy.cutOff();
    const postponed = await delivery.deliver(subscriber, event).catch((error: unknown) => error);
    expect(postponed).toBeInstanceOf(RetryLater);
    expect(postponed).toMatchObject({ retryInMs: DATABASE_RETRY_MS });
    expect(subscriber.handled).toBe(0);

    proxy.restore();
    await expect(delivery.deliver(subscriber, event)).resolves.toBe('processed');
    await expect(delivery.deliver(subscriber, event)).resolves.toBe('duplicate');
    expect(subscriber.handled).toBe(1);
  });

  it("still counts the handler's own failure as an attempt", async () => {
    subscriber.failWith = new Error('cannot handle this one');
    try {
      const failed = await delivery
        .deliver(subscriber, favorited())
        .catch((error: unknown) => error);
      expect(failed).toBe(subscriber.failWith);
    } finally {
      subscriber.failWith = undefined;
    }
  });
});
