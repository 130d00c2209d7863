import { Injectable } from '@nestjs/common';

/** After a failed command, how long every user of Redis skips it before one request tries again. */
export const REDIS_BACKOFF_MS = 1_000;

/**
 * Shared by the cache and the rate limiter: once a Redis command fails (a timeout when Redis
 * stalls, a refusal when it is gone), the next operations skip Redis for a moment instead of
 * each waiting out its own timeout. So an outage costs one request about one command timeout
 * (~100 ms) per second, and every other request nothing.
 */
@Injectable()
export class RedisAvailability {
  private skipUntil = 0;

  get available(): boolean {
    return Date.now() >= this.skipUntil;
  }

  reportFailure(): void {
    this.skipUntil = Date.now() + REDIS_BACKOFF_MS;
  }

  /** The client has (re)connected: use Redis again at once. */
  reportRecovered(): void {
    this.skipUntil = 0;
  }
}
