import {
  Inject,
  Injectable,
  Optional,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { MetricsService } from '../observability/metrics.service';
import type { DeliveryResult } from './event-delivery';
import { OutboxRepository } from './outbox.repository';
import { RefreshTimer } from './refresh-timer';

/** What a consumer group looks like from Redis. */
export interface GroupState {
  consumer: string;
  lag: number;
  pending: number;
}

/** Where gauges read consumer lag and pending entries (the stream consumers, when they run). */
export interface GroupStateSource {
  groupStates(): Promise<GroupState[]>;
}

/** Overrides how often the gauges that cost a query are refreshed (tests use a short one). */
export const EVENT_GAUGES_REFRESH_MS = Symbol('EVENT_GAUGES_REFRESH_MS');
/** Fresh enough for any scrape interval, and one cheap query per process every 5 s. */
const DEFAULT_REFRESH_MS = 5_000;

/**
 * The event metrics, in the process's registry. Counters move as events are handled. The gauges
 * that cost a query (outbox backlog and age, consumer lag and pending) are refreshed by a timer
 * and a scrape only reads their last values: scraping /metrics, which every API replica serves,
 * never makes the database or Redis work. A refresh that fails keeps the last values.
 */
@Injectable()
export class EventMetrics implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly processed: Counter<'consumer'>;
  readonly duplicates: Counter<'consumer'>;
  readonly failed: Counter<'consumer'>;
  readonly deadLettered: Counter<'consumer'>;
  readonly postponed: Counter<'consumer'>;
  readonly lost: Counter<'consumer'>;
  readonly published: Counter;
  readonly consumerLag: Gauge<'consumer'>;
  readonly pendingEntries: Gauge<'consumer'>;
  readonly outboxBacklog: Gauge;
  readonly outboxOldestAge: Gauge;
  private groupSource: GroupStateSource | undefined;
  /** Undefined until the first refresh; null when nothing was waiting. */
  private oldestUnpublished: Date | null | undefined;
  private readonly refresher: RefreshTimer;

  constructor(
    metrics: MetricsService,
    private readonly outbox: OutboxRepository,
    @Optional() @Inject(EVENT_GAUGES_REFRESH_MS) refreshMs: number = DEFAULT_REFRESH_MS,
  ) {
    const registers = [metrics.registry];
    this.processed = new Counter({
      name: 'events_processed_total',
      help: 'Events a consumer handled successfully',
      labelNames: ['consumer'] as const,
      registers,
    });
    this.duplicates = new Counter({
      name: 'events_duplicates_total',
      help: 'Redelivered events a consumer had already processed, skipped',
      labelNames: ['consumer'] as const,
      registers,
    });
    this.failed = new Counter({
      name: 'events_failed_total',
      help: 'Failed handling attempts, each to be retried or dead-lettered',
      labelNames: ['consumer'] as const,
      registers,
    });
    this.deadLettered = new Counter({
      name: 'events_dead_lettered_total',
      help: 'Events moved to the dead-letter stream after EVENTS_MAX_ATTEMPTS failures',
      labelNames: ['consumer'] as const,
      registers,
    });
    this.postponed = new Counter({
      name: 'events_postponed_total',
      help: 'Events put back without counting an attempt (an open circuit breaker)',
      labelNames: ['consumer'] as const,
      registers,
    });
    this.lost = new Counter({
      name: 'events_lost_total',
      help: 'Events a consumer will never handle: trimmed (over EVENTS_STREAM_MAX_LENGTH) before it did',
      labelNames: ['consumer'] as const,
      registers,
    });
    this.published = new Counter({
      name: 'outbox_published_total',
      help: 'Outbox rows the relay published',
      registers,
    });
    this.consumerLag = new Gauge({
      name: 'events_consumer_lag',
      help: 'Stream entries not yet delivered to the consumer group',
      labelNames: ['consumer'] as const,
      registers,
    });
    this.pendingEntries = new Gauge({
      name: 'events_pending',
      help: 'Entries delivered to the consumer group but not yet acknowledged',
      labelNames: ['consumer'] as const,
      registers,
    });
    this.outboxBacklog = new Gauge({
      name: 'outbox_backlog',
      help: 'Outbox rows not yet published (dead rows of the in-process mode excluded)',
      registers,
    });
    // The age grows between refreshes: computed at scrape time from the last oldest row seen.
    const oldestUnpublished = () => this.oldestUnpublished;
    this.outboxOldestAge = new Gauge({
      name: 'outbox_oldest_age_seconds',
      help: 'Age of the oldest unpublished outbox row (0 when there is none)',
      registers,
      collect() {
        const oldest = oldestUnpublished();
        if (oldest === undefined) return;
        this.set(oldest ? Math.max(0, (Date.now() - oldest.getTime()) / 1000) : 0);
      },
    });
    this.refresher = new RefreshTimer(refreshMs, () => this.refresh());
  }

  onApplicationBootstrap(): void {
    this.refresher.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.refresher.stop();
  }

  count(consumer: string, result: DeliveryResult): void {
    if (result === 'processed') this.processed.inc({ consumer });
    else if (result === 'duplicate') this.duplicates.inc({ consumer });
  }

  readGroupsFrom(source: GroupStateSource): void {
    this.groupSource = source;
  }

  /** Reads the backlog and the groups once; what cannot be read keeps its last value. */
  async refresh(): Promise<void> {
    // Side by side, so a slow Redis does not hold back the backlog, nor a slow database the groups.
    await Promise.all([this.refreshBacklog(), this.refreshGroups()]);
  }

  private async refreshBacklog(): Promise<void> {
    const backlog = await this.outbox.backlog().catch(() => undefined);
    if (!backlog) return;
    this.outboxBacklog.set(backlog.unpublished);
    this.oldestUnpublished = backlog.oldestOccurredAt;
  }

  private async refreshGroups(): Promise<void> {
    const groups = (await this.groupSource?.groupStates().catch(() => undefined)) ?? [];
    for (const { consumer, lag, pending } of groups) {
      this.consumerLag.set({ consumer }, lag);
      this.pendingEntries.set({ consumer }, pending);
    }
  }
}
