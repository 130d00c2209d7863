import { Inject, Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { rateLimitConfig, type RateLimitConfig } from '../../config/rate-limit.config';
import { redisConfig, type RedisConfig } from '../../config/redis.config';
import { MetricsService } from '../observability/metrics.service';

export const THROTTLER_STORAGE = Symbol('THROTTLER_STORAGE');

/** One limit's count for a request, as the RateLimit-* headers report it. */
export interface LimitState {
  /** `default` (every route) or `auth` (login and registration too). */
  name: 'default' | 'auth';
  limit: number;
  remaining: number;
  /** Seconds until the window ends. */
  resetSeconds: number;
  /** Set when the request is refused: seconds until the client may come back. */
  retryAfterSeconds?: number;
}

/**
 * Per-client fixed windows: `default` on every route but the exempt ones, and the stricter
 * `auth` on login and registration as well. Counts live in the throttler storage (Redis,
 * shared by every replica, or memory without REDIS_URL), keyed by limit and client address.
 */
@Injectable()
export class RateLimiter {
  constructor(
    @Inject(THROTTLER_STORAGE) private readonly storage: ThrottlerStorage,
    @Inject(rateLimitConfig.KEY) private readonly config: RateLimitConfig,
    @Inject(redisConfig.KEY) private readonly redis: RedisConfig,
    private readonly metrics: MetricsService,
  ) {}

  /**
   * Counts one request of `client`; the states of the limits it counted against, the last one
   * refusing it when it carries retryAfterSeconds. A refused request is not counted further.
   */
  async count(client: string, strict: boolean): Promise<LimitState[]> {
    const states = [await this.countAgainst('default', client)];
    if (strict && states[0].retryAfterSeconds === undefined) {
      states.push(await this.countAgainst('auth', client));
    }
    if (states.some((state) => state.retryAfterSeconds !== undefined)) {
      this.metrics.rateLimitRejections.inc();
    }
    return states;
  }

  private async countAgainst(name: 'default' | 'auth', client: string): Promise<LimitState> {
    const limit = name === 'default' ? this.config.limit : this.config.authLimit;
    const ttlMs = name === 'default' ? this.config.ttlMs : this.config.authTtlMs;
    const key = `${this.redis.keyPrefix}throttle:${name}:${client}`;
    const counted = await this.storage.increment(key, ttlMs, limit, ttlMs, name);
    return {
      name,
      limit,
      remaining: Math.max(0, limit - counted.totalHits),
      resetSeconds: counted.timeToExpire,
      ...(counted.isBlocked ? { retryAfterSeconds: Math.max(1, counted.timeToBlockExpire) } : {}),
    };
  }
}
