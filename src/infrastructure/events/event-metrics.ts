import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { MetricsService } from '../observability/metrics.service';
import type { DeliveryResult } from './event-delivery';
import { OutboxRepository } from './outbox.repository';

/** What a consumer group looks like from Redis, read when Prometheus scrapes. */
export interface GroupState {
  consumer: string;
  lag: number;
  pending: number;
}

/** Where gauges read consumer lag and pending entries (the stream consumers, when they run). */
export interface GroupStateSource {
  groupStates(): Promise<GroupState[]>;
}

/**
 * The worker's event metrics, in the process's registry. Counters move as events are handled;
 * the gauges (lag, pending, outbox backlog and the age of its oldest row) are read on scrape.
 */
@Injectable()
export class EventMetrics {
  readonly processed: Counter<'consumer'>;
  readonly duplicates: Counter<'consumer'>;
  readonly failed: Counter<'consumer'>;
  readonly deadLettered: Counter<'consumer'>;
  readonly postponed: Counter<'consumer'>;
  readonly published: Counter;
  readonly consumerLag: Gauge<'consumer'>;
  readonly pendingEntries: Gauge<'consumer'>;
  readonly outboxBacklog: Gauge;
  readonly outboxOldestAge: Gauge;
  private groupSource: GroupStateSource | undefined;

  constructor(metrics: MetricsService, outbox: OutboxRepository) {
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
    this.published = new Counter({
      name: 'outbox_published_total',
      help: 'Outbox rows the relay published',
      registers,
    });
    // A scrape during a database outage still answers; these two gauges keep their last value.
    const readBacklog = () => outbox.backlog().catch(() => undefined);
    const groupStates = (): Promise<GroupState[]> =>
      this.groupSource ? this.groupSource.groupStates() : Promise.resolve([]);
    this.consumerLag = new Gauge({
      name: 'events_consumer_lag',
      help: 'Stream entries not yet delivered to the consumer group',
      labelNames: ['consumer'] as const,
      registers,
      async collect() {
        this.reset();
        for (const state of await groupStates()) this.set({ consumer: state.consumer }, state.lag);
      },
    });
    this.pendingEntries = new Gauge({
      name: 'events_pending',
      help: 'Entries delivered to the consumer group but not yet acknowledged',
      labelNames: ['consumer'] as const,
      registers,
      async collect() {
        this.reset();
        for (const state of await groupStates()) {
          this.set({ consumer: state.consumer }, state.pending);
        }
      },
    });
    this.outboxBacklog = new Gauge({
      name: 'outbox_backlog',
      help: 'Outbox rows not yet published (dead rows of the in-process mode excluded)',
      registers,
      async collect() {
        const backlog = await readBacklog();
        if (backlog) this.set(backlog.unpublished);
      },
    });
    this.outboxOldestAge = new Gauge({
      name: 'outbox_oldest_age_seconds',
      help: 'Age of the oldest unpublished outbox row (0 when there is none)',
      registers,
      async collect() {
        const backlog = await readBacklog();
        if (!backlog) return;
        const oldest = backlog.oldestOccurredAt;
        this.set(oldest ? Math.max(0, (Date.now() - oldest.getTime()) / 1000) : 0);
      },
    });
  }

  count(consumer: string, result: DeliveryResult): void {
    if (result === 'processed') this.processed.inc({ consumer });
    else if (result === 'duplicate') this.duplicates.inc({ consumer });
  }

  readGroupsFrom(source: GroupStateSource): void {
    this.groupSource = source;
  }
}
