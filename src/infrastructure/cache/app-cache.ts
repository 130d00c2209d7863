import { CACHE_MANAGER } from '@nestjs/cache-manager';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Cache } from 'cache-manager';
import { redisConfig, type RedisConfig } from '../../config/redis.config';
import { OccasionalWarning } from '../redis/occasional-warning';
import { RedisAvailability } from '../redis/redis-availability';
import { REDIS_CLIENT, REDIS_COMMAND_TIMEOUT_MS, type RedisClient } from '../redis/redis-client';
import type { CacheEntry } from './cache-entries';

/** Rejects when `work` takes longer than Redis commands may: the cache never makes a request wait. */
function withinTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`cache did not answer in ${REDIS_COMMAND_TIMEOUT_MS} ms`)),
      REDIS_COMMAND_TIMEOUT_MS,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Keys SCAN looks at, and UNLINK removes, per round trip of flush(). */
const FLUSH_BATCH = 1_000;

export interface CacheStats {
  hits: number;
  misses: number;
  errors: number;
}

/**
 * Cache-aside over cache-manager (Redis through Keyv, or memory without REDIS_URL), with
 * versioned keys for invalidation, single-flight loads, and failing open: when the cache cannot
 * answer in time, the value comes from the loader (the database) and a warning is logged at
 * most every 30 s. Values must be JSON (no Dates): that is what a shared cache can hold.
 */
@Injectable()
export class AppCache {
  readonly stats: CacheStats = { hits: 0, misses: 0, errors: 0 };
  private readonly inFlight = new Map<string, Promise<unknown>>();
  /** Scope versions without Redis (one process: a Map is the shared truth). */
  private readonly localVersions = new Map<string, number>();
  private readonly warning = new OccasionalWarning(new Logger('Cache'));
  /** Invalidations that failed during an outage, retried as soon as Redis is back. */
  private readonly pendingScopes = new Set<string>();

  constructor(
    @Inject(CACHE_MANAGER) private readonly cache: Cache,
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    @Inject(redisConfig.KEY) private readonly config: RedisConfig,
    private readonly availability: RedisAvailability,
  ) {
    this.redis?.on('ready', () => void this.retryPendingInvalidations());
  }

  /**
   * The cached value, or `load()`'s, stored for next time. Concurrent misses of one key and
   * version share one load: a read that starts after a write has returned reads the new version,
   * so it never joins a load that began before the write (which could return the old value).
   */
  async getOrLoad<T>(entry: CacheEntry, load: () => Promise<T>): Promise<T> {
    const dataKey = await this.currentDataKey(entry);
    if (dataKey === undefined) return load();
    const running = this.inFlight.get(dataKey);
    // One key holds one type of value: the load running for it yields the same T.
    // oxlint-disable-next-line typescript/no-unsafe-type-assertion
    if (running) return running as Promise<T>;
    const loading = this.readThrough(dataKey, entry, load).finally(() =>
      this.inFlight.delete(dataKey),
    );
    this.inFlight.set(dataKey, loading);
    return loading;
  }

  /** Makes every value cached under these scopes unreachable. Call after the write has committed. */
  async invalidate(...scopes: string[]): Promise<void> {
    const unique = [...new Set(scopes)];
    if (!this.redis) {
      for (const scope of unique)
        this.localVersions.set(scope, (this.localVersions.get(scope) ?? 0) + 1);
      return;
    }
    try {
      await this.bumpVersions(this.redis, unique);
    } catch (error) {
      // Old values would stay reachable once Redis is back: retry then (see the 'ready' listener).
      for (const scope of unique) this.pendingScopes.add(scope);
      this.failed(
        `could not invalidate ${unique.join(', ')}, will retry when Redis is back`,
        error,
      );
    }
  }

  /**
   * Deletes every cached value in Redis, in batches (SCAN, then UNLINK), and returns how many.
   * The scope versions stay: dropping them would let a version number be reused, and a value
   * still being written under it become reachable. Without Redis every process caches in its
   * own memory: there is nothing shared to flush, and the answer is 0.
   */
  async flush(): Promise<number> {
    if (!this.redis) return 0;
    // REDIS_KEY_PREFIX allows no glob characters (see environment.ts): the pattern is literal.
    const pattern = `${this.config.keyPrefix}cache:*`;
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', FLUSH_BATCH);
      cursor = next;
      if (keys.length > 0) deleted += await this.redis.unlink(...keys);
    } while (cursor !== '0');
    return deleted;
  }

  private async bumpVersions(redis: NonNullable<RedisClient>, scopes: string[]): Promise<void> {
    const pipeline = redis.pipeline();
    for (const scope of scopes) {
      pipeline.incr(this.versionKey(scope));
      // Every value cached under older versions has expired by then, so the count may restart.
      pipeline.pexpire(this.versionKey(scope), 2 * this.config.cacheTtlMs + 60_000);
    }
    const results = (await pipeline.exec()) ?? [];
    const failure = results.find(([error]) => error !== null);
    if (failure) throw failure[0];
  }

  private async retryPendingInvalidations(): Promise<void> {
    if (!this.redis || this.pendingScopes.size === 0) return;
    const scopes = [...this.pendingScopes];
    this.pendingScopes.clear();
    await this.invalidate(...scopes);
  }

  /**
   * Where the entry's current value lives (`<prefix>cache:<key>@<scope version>`), or undefined
   * when the cache must be bypassed: Redis just failed, or an invalidation is still pending
   * (reading then could serve what it should have invalidated).
   */
  private async currentDataKey(entry: CacheEntry): Promise<string | undefined> {
    // Redis just failed: do not make this request wait for it too.
    if (this.redis && !this.availability.available) return undefined;
    try {
      if (this.pendingScopes.size > 0) {
        await this.retryPendingInvalidations();
        if (this.pendingScopes.size > 0) return undefined;
      }
      // The ioredis client times the version read out itself (REDIS_COMMAND_TIMEOUT_MS).
      return `${this.config.keyPrefix}cache:${entry.key}@${await this.version(entry.scope)}`;
    } catch (error) {
      this.failed(`read of ${entry.key} failed, using the database`, error);
      return undefined;
    }
  }

  private async readThrough<T>(
    dataKey: string,
    entry: CacheEntry,
    load: () => Promise<T>,
  ): Promise<T> {
    try {
      const cached = await withinTimeout(this.cache.get<T>(dataKey));
      if (cached !== undefined && cached !== null) {
        this.stats.hits += 1;
        return cached;
      }
    } catch (error) {
      this.failed(`read of ${entry.key} failed, using the database`, error);
      return load();
    }
    this.stats.misses += 1;
    const value = await load();
    if (value !== undefined && value !== null) {
      try {
        await withinTimeout(this.cache.set(dataKey, value, this.config.cacheTtlMs));
      } catch (error) {
        this.failed(`write of ${entry.key} failed`, error);
      }
    }
    return value;
  }

  private async version(scope: string): Promise<string> {
    if (!this.redis) return String(this.localVersions.get(scope) ?? 0);
    return (await this.redis.get(this.versionKey(scope))) ?? '0';
  }

  private versionKey(scope: string): string {
    return `${this.config.keyPrefix}version:${scope}`;
  }

  private failed(what: string, error: unknown): void {
    this.stats.errors += 1;
    this.availability.reportFailure();
    this.warning.warn(
      `Cache unavailable: ${what}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
