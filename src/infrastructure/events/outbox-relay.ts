import { Logger } from '@nestjs/common';
import type { RedisConnection } from '../redis/redis-client';
import type { EventsConfig } from '../../config/events.config';
import { TransactionRunner } from '../database/transaction-runner';
import { OccasionalWarning } from '../redis/occasional-warning';
import { describeError } from './event-delivery';
import type { EventMetrics } from './event-metrics';
import { OutboxRepository } from './outbox.repository';
import { entryFields } from './stream-entry';
import type { Polled } from './polling-loop';

/**
 * Moves outbox rows to the events stream. One round: lock the next batch (SKIP LOCKED, so
 * replicas share the work), XADD each event in one pipeline, mark the rows published, commit.
 * If Redis fails the transaction rolls back and the rows wait for the next round; if the
 * process dies between XADD and commit the rows are published again, and consumers' processed
 * events make that harmless (at-least-once delivery, effects once).
 */
export class OutboxRelay implements Polled {
  private readonly logger = new Logger('OutboxRelay');
  private readonly warning = new OccasionalWarning(this.logger, 10_000);

  constructor(
    private readonly tx: TransactionRunner,
    private readonly outbox: OutboxRepository,
    private readonly redis: RedisConnection,
    private readonly config: EventsConfig,
    private readonly metrics: EventMetrics,
  ) {}

  reportFailure(error: unknown): void {
    this.warning.warn(`Publishing outbox events failed, will retry: ${describeError(error)}`);
  }

  /** Publishes one batch; true when the batch was full (more may be waiting). */
  async round(): Promise<boolean> {
    const published = await this.tx.run(async (em) => {
      const events = await this.outbox.lockNextBatch(em, this.config.batchSize);
      if (events.length === 0) return 0;
      const pipeline = this.redis.pipeline();
      // No MAXLEN: trimming here would drop entries a lagging group has not read, unseen.
      // StreamTrimmer trims only what every group is done with, and counts what a ceiling takes.
      for (const event of events) pipeline.xadd(this.config.streamKey, '*', ...entryFields(event));
      const results = (await pipeline.exec()) ?? [];
      const failed = results.find(([error]) => error !== null);
      if (failed || results.length !== events.length) {
        throw failed?.[0] ?? new Error('XADD pipeline returned no results');
      }
      await this.outbox.markPublished(
        em,
        events.map((event) => event.id),
      );
      return events.length;
    });
    this.metrics.published.inc(published);
    return published === this.config.batchSize;
  }
}
