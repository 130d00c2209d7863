import { Logger } from '@nestjs/common';
import { describeError } from './event-delivery';
import type { OutboxRepository } from './outbox.repository';
import type { Polled } from './polling-loop';

/** Published rows are kept this long for inspection, then deleted. */
export const PUBLISHED_RETENTION_MS = 7 * 24 * 3600_000;
/** How often the cleanup runs (from the first round at start). */
export const CLEANUP_INTERVAL_MS = 3600_000;
/** Rows one statement deletes: short locks, however large the backlog of old rows. */
const DEFAULT_BATCH_SIZE = 5_000;

/**
 * Keeps the outbox from growing without end, in whichever process relays it. One round deletes
 * one batch; a full batch asks the polling loop for another at once.
 */
export class OutboxCleanup implements Polled {
  private readonly logger = new Logger('OutboxCleanup');

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly batchSize = DEFAULT_BATCH_SIZE,
  ) {}

  async round(): Promise<boolean> {
    const deleted = await this.outbox.deletePublishedBefore(
      new Date(Date.now() - PUBLISHED_RETENTION_MS),
      this.batchSize,
    );
    if (deleted > 0) this.logger.log(`Deleted ${deleted} outbox rows published over 7 days ago`);
    return deleted === this.batchSize;
  }

  reportFailure(error: unknown): void {
    this.logger.warn(`Cleaning the outbox failed, will retry: ${describeError(error)}`);
  }
}
