import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { PollingLoop, type Polled } from '../events/polling-loop';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';

const CLEANUP_INTERVAL_MS = 3600_000;
/** Rows one statement deletes: short locks however large the table. */
const BATCH_SIZE = 5_000;

/**
 * Deletes expired Idempotency-Keys, hourly, in every API process (a claim already ignores
 * them: this only bounds the table). Replicas deleting at once is harmless: each batch deletes
 * what is still there.
 */
@Injectable()
export class IdempotencyKeysCleanup
  implements Polled, OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger('IdempotencyKeysCleanup');
  private readonly loop = new PollingLoop(CLEANUP_INTERVAL_MS, this);

  constructor(private readonly keys: IdempotencyKeysRepository) {}

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  async round(): Promise<boolean> {
    const deleted = await this.keys.deleteExpired(BATCH_SIZE);
    if (deleted > 0) this.logger.log(`Deleted ${deleted} expired idempotency keys`);
    return deleted === BATCH_SIZE;
  }

  reportFailure(error: unknown): void {
    this.logger.warn(`Deleting expired idempotency keys failed, will retry: ${String(error)}`);
  }
}
