import { Inject, Injectable, Logger } from '@nestjs/common';
import { redisConfig, type RedisConfig } from '../../config/redis.config';
import { OccasionalWarning } from '../redis/occasional-warning';
import { RedisAvailability } from '../redis/redis-availability';
import { REQUEST_PATH_REDIS, type RedisClient } from '../redis/redis-client';
import type { CacheEntry } from './cache-entries';
import { CACHE_STORE } from './cache.tokens';
import type { CacheLookup, CacheStore } from './cache-store';

export interface CacheStats {
  hits: number;
  misses: number;
  errors: number;
}

/**
 * Cache-aside (Redis, or memory without REDIS_URL) with versioned scopes for invalidation,
 * single-flight loads, and failing open: when the cache cannot answer in time, the value comes
 * from the loader (the database) and a warning is logged at most every 30 s.
 * A hit is one round trip to the store. Values are kept as text: `getOrLoadText` hands it back
 * as it is (a response body goes out without being parsed and written again), `getOrLoad`
 * keeps JSON values.
 */
@Injectable()
export class AppCache {
  readonly stats: CacheStats = { hits: 0, misses: 0, errors: 0 };
  private readonly inFlight = new Map<string, Promise<string | null>>();
  private readonly warning = new OccasionalWarning(new Logger('Cache'));
  /** Invalidations that failed during an outage, retried as soon as Redis is back. */
  private readonly pendingScopes = new Set<string>();

  constructor(
    @Inject(CACHE_STORE) private readonly backend: CacheStore,
    @Inject(REQUEST_PATH_REDIS) private readonly redis: RedisClient,
    @Inject(redisConfig.KEY) private readonly config: RedisConfig,
    private readonly availability: RedisAvailability,
  ) {
    this.redis?.on('ready', () => void this.retryPendingInvalidations());
  }

  /** The cached JSON value, or `load()`'s, stored for next time (null is not cached). */
  async getOrLoad<T>(entry: CacheEntry, load: () => Promise<T | null>): Promise<T | null> {
    // What this call's own load returned, handed back as it is rather than parsed again.
    const own: { value?: T } = {};
    const text = await this.getOrLoadText(entry, async () => {
      const value = await load();
      if (value === null) return null;
      own.value = value;
      return JSON.stringify(value);
    });
    if (own.value !== undefined) return own.value;
    // A value we did not load ourselves: cached, or loaded by a concurrent request.
    // oxlint-disable-next-line typescript/no-unsafe-type-assertion -- one key holds one type of value
    return text === null ? null : (JSON.parse(text) as T);
  }

  /**
   * The cached text, or `load()`'s, stored for next time (null is not cached). Concurrent
   * misses of one key and version share one load: a read that starts after a write has
   * returned reads the new version, so it never joins a load that began before the write.
   */
  async getOrLoadText(
    entry: CacheEntry,
    load: () => Promise<string | null>,
  ): Promise<string | null> {
    const found = await this.lookup(entry);
    if (found === undefined) return load();
    if ('text' in found) return found.text;
    const flight = `${entry.key}@${found.missAt}`;
    const running = this.inFlight.get(flight);
    if (running) return running;
    const loading = this.loadAndStore(entry, found.missAt, load).finally(() =>
      this.inFlight.delete(flight),
    );
    this.inFlight.set(flight, loading);
    return loading;
  }

  /**
   * One read of the entry: its text, or the version a loaded value must be stored under
   * (store()); undefined when the cache must be bypassed for now (Redis just failed, or an
   * invalidation is still pending: reading then could serve what it should have invalidated).
   */
  async lookup(entry: CacheEntry): Promise<CacheLookup | undefined> {
    if (!this.usable()) return undefined;
    try {
      if (this.pendingScopes.size > 0) {
        await this.retryPendingInvalidations();
        if (this.pendingScopes.size > 0) return undefined;
      }
      const found = await this.backend.lookup(entry);
      if ('text' in found) this.stats.hits += 1;
      else this.stats.misses += 1;
      return found;
    } catch (error) {
      this.failed(`read of ${entry.key} failed, using the database`, error);
      return undefined;
    }
  }

  /**
   * Stores `text` as the entry's value at `version`, which lookup() answered; never throws.
   * `ttlMs` may shorten CACHE_TTL_SECONDS, never lengthen it: scope versions are kept for twice
   * that, and a value outliving its version could be served again once the count restarts.
   */
  async store(entry: CacheEntry, version: string, text: string, ttlMs?: number): Promise<void> {
    const maxTtlMs = this.config.cacheTtlMs;
    try {
      await this.backend.store(
        entry,
        version,
        text,
        ttlMs !== undefined && ttlMs > 0 ? Math.min(ttlMs, maxTtlMs) : maxTtlMs,
      );
    } catch (error) {
      this.failed(`write of ${entry.key} failed`, error);
    }
  }

  /** Makes every value cached under these scopes unreachable. Call after the write has committed. */
  async invalidate(...scopes: string[]): Promise<void> {
    const unique = [...new Set(scopes)];
    try {
      await this.backend.bump(unique);
    } catch (error) {
      // Old values would stay reachable once Redis is back: retry then (see the 'ready' listener).
      for (const scope of unique) this.pendingScopes.add(scope);
      this.failed(
        `could not invalidate ${unique.length} scopes (${unique.slice(0, 3).join(', ')}…), will retry when Redis is back`,
        error,
      );
    }
  }

  /**
   * Deletes every cached value and returns how many. The scope versions stay: dropping them
   * would let a version number be reused, and a value still being written under it become
   * reachable. Without Redis every process caches in its own memory: the answer is 0.
   */
  flush(): Promise<number> {
    return this.backend.flush();
  }

  private async loadAndStore(
    entry: CacheEntry,
    version: string,
    load: () => Promise<string | null>,
  ): Promise<string | null> {
    const text = await load();
    if (text !== null) await this.store(entry, version, text);
    return text;
  }

  /** Redis just failed: for a moment, requests go to the database without waiting for it. */
  private usable(): boolean {
    return !this.redis || this.availability.available;
  }

  private async retryPendingInvalidations(): Promise<void> {
    if (this.pendingScopes.size === 0) return;
    const scopes = [...this.pendingScopes];
    this.pendingScopes.clear();
    await this.invalidate(...scopes);
  }

  private failed(what: string, error: unknown): void {
    this.stats.errors += 1;
    this.availability.reportFailure();
    this.warning.warn(
      `Cache unavailable: ${what}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
