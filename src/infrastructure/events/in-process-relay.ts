import { Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EventsConfig } from '../../config/events.config';
import { TransactionRunner } from '../database/transaction-runner';
import type { DomainEvent } from './domain-event';
import { describeError, retryDelayMs, type EventDelivery } from './event-delivery';
import type { EventMetrics } from './event-metrics';
import { RetryLater, type EventSubscriber } from './event-subscriber';
import type { OutboxRepository } from './outbox.repository';
import type { Polled } from './polling-loop';

/**
 * The one-command default (no REDIS_URL): the outbox itself is the queue. Each round locks the
 * next due rows (SKIP LOCKED, as the Redis relay does) and hands every event to every
 * subscriber in this process. A row is published once all subscribers succeeded; a failure
 * counts an attempt on the row and retries it with back-off (subscribers that already succeeded
 * skip it then, by their processed events); the EVENTS_MAX_ATTEMPTS-th failure marks it dead.
 */
export class InProcessRelay implements Polled {
  private readonly logger = new Logger('InProcessEvents');

  constructor(
    private readonly tx: TransactionRunner,
    private readonly outbox: OutboxRepository,
    private readonly delivery: EventDelivery,
    private readonly subscribers: readonly EventSubscriber[],
    private readonly config: EventsConfig,
    private readonly metrics: EventMetrics,
  ) {}

  reportFailure(error: unknown): void {
    this.logger.warn(`Handling outbox events failed, will retry: ${describeError(error)}`);
  }

  async round(): Promise<boolean> {
    const handled = await this.tx.run(async (em) => {
      const events = await this.outbox.lockNextBatch(em, this.config.batchSize);
      for (const event of events) await this.handOut(em, event);
      return events.length;
    });
    return handled === this.config.batchSize;
  }

  private async handOut(em: EntityManager, event: DomainEvent): Promise<void> {
    for (const subscriber of this.subscribers) {
      try {
        this.metrics.count(subscriber.name, await this.delivery.deliver(subscriber, event));
      } catch (error) {
        return this.onFailure(em, event, subscriber.name, error);
      }
    }
    await this.outbox.markPublished(em, [event.id]);
    this.metrics.published.inc();
  }

  private async onFailure(
    em: EntityManager,
    event: DomainEvent,
    consumer: string,
    error: unknown,
  ): Promise<void> {
    if (error instanceof RetryLater) {
      this.metrics.postponed.inc({ consumer });
      return this.outbox.postpone(em, event.id, error.retryInMs);
    }
    this.metrics.failed.inc({ consumer });
    const { attempts } = await this.outbox.recordFailure(
      em,
      event.id,
      `${consumer}: ${describeError(error)}`,
      0,
      this.config.maxAttempts,
    );
    const delayMs = retryDelayMs(this.config.retryBaseMs, attempts);
    if (attempts >= this.config.maxAttempts) {
      this.metrics.deadLettered.inc({ consumer });
      this.logger.error(
        `Event ${event.id} (${event.type}) dead after ${attempts} attempts: ${describeError(error)}`,
      );
      return;
    }
    await this.outbox.postpone(em, event.id, delayMs);
    this.logger.warn(
      `Event ${event.id} (${event.type}) failed in ${consumer} (attempt ${attempts}), retrying in ${delayMs} ms`,
    );
  }
}
