import type { Redis } from 'ioredis';
import { requestPathDeadlines } from '../redis/redis-client';
import type { CacheEntry } from './cache-entries';
import type { CacheLookup, CacheStore } from './cache-store';

/** Scopes bumped per pipeline, so that invalidating thousands of articles stays bounded. */
const BUMP_BATCH = 1_000;
/** Keys SCAN looks at, and UNLINK removes, per round trip of flush(). */
const FLUSH_BATCH = 1_000;

/**
 * Values and scope versions in Redis, on the process's one ioredis client. A value is stored
 * under the entry's key with the version it was loaded at in front (`<version>\n<text>`), so a
 * single MGET of the scope's version and the value answers a read: a hit when the two agree.
 * A value stored at an older version (a reader that raced a write) is simply never served, and
 * the next miss replaces it.
 */
export class RedisCacheStore implements CacheStore {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    /** Version keys outlive every value stored under them (see bump). */
    private readonly versionTtlMs: number,
  ) {}

  async lookup(entry: CacheEntry): Promise<CacheLookup> {
    const [version, stored] = await requestPathDeadlines.guard(
      this.redis.mget(this.versionKey(entry.scope), this.dataKey(entry)),
    );
    const current = version ?? '0';
    if (
      stored !== null &&
      stored.length > current.length &&
      stored.charCodeAt(current.length) === NEWLINE &&
      stored.startsWith(current)
    ) {
      return { text: stored.slice(current.length + 1) };
    }
    return { missAt: current };
  }

  async store(entry: CacheEntry, version: string, text: string, ttlMs: number): Promise<void> {
    await requestPathDeadlines.guard(
      this.redis.set(this.dataKey(entry), `${version}\n${text}`, 'PX', ttlMs),
    );
  }

  async bump(scopes: readonly string[]): Promise<void> {
    for (let start = 0; start < scopes.length; start += BUMP_BATCH) {
      const pipeline = this.redis.pipeline();
      for (const scope of scopes.slice(start, start + BUMP_BATCH)) {
        pipeline.incr(this.versionKey(scope));
        // Every value stored under older versions has expired by then: the count may restart.
        pipeline.pexpire(this.versionKey(scope), this.versionTtlMs);
      }
      const results = (await requestPathDeadlines.guard(pipeline.exec())) ?? [];
      const failure = results.find(([error]) => error !== null);
      if (failure) throw failure[0];
    }
  }

  async flush(): Promise<number> {
    // REDIS_KEY_PREFIX allows no glob characters (see environment.ts): the pattern is literal.
    const pattern = `${this.keyPrefix}cache:*`;
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', FLUSH_BATCH);
      cursor = next;
      if (keys.length > 0) deleted += await this.redis.unlink(...keys);
    } while (cursor !== '0');
    return deleted;
  }

  private versionKey(scope: string): string {
    return `${this.keyPrefix}version:${scope}`;
  }

  private dataKey(entry: CacheEntry): string {
    return `${this.keyPrefix}cache:${entry.key}`;
  }
}

const NEWLINE = 10;
