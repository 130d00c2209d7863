import { Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import { OccasionalWarning } from '../redis/occasional-warning';
import type { RedisAvailability } from '../redis/redis-availability';

/** What a request that could not be counted is told: nothing used, a full window ahead. */
function uncounted(ttlMs: number): ThrottlerStorageRecord {
  return {
    totalHits: 0,
    timeToExpire: Math.ceil(ttlMs / 1000),
    isBlocked: false,
    timeToBlockExpire: 0,
  };
}

/**
 * When the shared store (Redis) cannot answer, the request goes through un-counted rather
 * than failing: an outage of the rate limiter must not become an outage of the API. While
 * Redis is known to be failing, it is not even asked (see RedisAvailability).
 */
export class FailOpenThrottlerStorage implements ThrottlerStorage {
  private readonly warning = new OccasionalWarning(new Logger('RateLimit'));

  constructor(
    private readonly store: ThrottlerStorage,
    private readonly availability: RedisAvailability,
  ) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    if (!this.availability.available) return uncounted(ttl);
    try {
      return await this.store.increment(key, ttl, limit, blockDuration, throttlerName);
    } catch (error) {
      this.availability.reportFailure();
      this.warning.warn(`Rate limit store unavailable, letting requests through: ${String(error)}`);
      return uncounted(ttl);
    }
  }
}
