import { Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import { OccasionalWarning } from '../redis/occasional-warning';

/**
 * When the shared store (Redis) cannot answer, the request goes through un-counted rather
 * than failing: an outage of the rate limiter must not become an outage of the API.
 */
export class FailOpenThrottlerStorage implements ThrottlerStorage {
  private readonly warning = new OccasionalWarning(new Logger('RateLimit'));

  constructor(private readonly store: ThrottlerStorage) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    try {
      return await this.store.increment(key, ttl, limit, blockDuration, throttlerName);
    } catch (error) {
      this.warning.warn(`Rate limit store unavailable, letting requests through: ${String(error)}`);
      return {
        totalHits: 0,
        timeToExpire: Math.ceil(ttl / 1000),
        isBlocked: false,
        timeToBlockExpire: 0,
      };
    }
  }
}
