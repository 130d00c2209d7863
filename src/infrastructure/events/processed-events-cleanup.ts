import { Logger } from '@nestjs/common';
import type { TransactionRunner } from '../database/transaction-runner';
import { describeError } from './event-delivery';
import { PUBLISHED_RETENTION_MS } from './outbox-cleanup';
import type { Polled } from './polling-loop';
import type { ProcessedEventsRepository } from './processed-events.repository';

/**
 * How long a processed event is remembered, i.e. how late a duplicate can still be recognised.
 * Duplicates come from a relay republishing rows it could not mark published (seconds later), and
 * from redelivering an entry whose handler committed but whose XACK was lost (claimed after
 * EVENTS_CLAIM_IDLE_MS, once a worker runs). The stream keeps an entry until every group has read
 * and acknowledged it, so such an entry waits for as long as the workers are down: 7 days, as
 * long as the outbox keeps published rows, covers any outage we would not notice. Replaying a
 * dead letter older than this runs it again in the groups that had handled it: replay within it.
 */
export const PROCESSED_RETENTION_MS = PUBLISHED_RETENTION_MS;
/** Rows one statement deletes: short locks and transactions, however large the table. */
const DEFAULT_BATCH_SIZE = 5_000;

/**
 * Keeps processed_events from growing without end, in whichever process consumes. One round
 * deletes one batch; a full batch asks the polling loop for another at once.
 */
export class ProcessedEventsCleanup implements Polled {
  private readonly logger = new Logger('ProcessedEventsCleanup');

  constructor(
    private readonly tx: TransactionRunner,
    private readonly processed: ProcessedEventsRepository,
    private readonly batchSize = DEFAULT_BATCH_SIZE,
  ) {}

  async round(): Promise<boolean> {
    const cutoff = new Date(Date.now() - PROCESSED_RETENTION_MS);
    const deleted = await this.tx.run((em) =>
      this.processed.deleteProcessedBefore(em, cutoff, this.batchSize),
    );
    if (deleted > 0) this.logger.log(`Deleted ${deleted} processed events over 7 days old`);
    return deleted === this.batchSize;
  }

  reportFailure(error: unknown): void {
    this.logger.warn(`Pruning processed events failed, will retry: ${describeError(error)}`);
  }
}
