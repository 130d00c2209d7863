import { Cluster } from 'ioredis';
import type { RedisConnection } from '../redis/redis-client';
import { requestPathDeadlines } from '../redis/redis-client';
import type { CacheEntry } from './cache-entries';
import type { CacheLookup, CacheStore } from './cache-store';

/** Scopes bumped per round trip, so that invalidating thousands of articles stays bounded. */
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
    private readonly redis: RedisConnection,
    private readonly keyPrefix: string,
    /** Version keys outlive every value stored under them (see bump). */
    private readonly versionTtlMs: number,
    /**
     * On a Redis Cluster a value and its scope's version, read by one MGET, must share a slot:
     * both carry the scope as a hash tag. A single Redis keeps the names it always had, so
     * replicas of the previous release, mid-rollout, invalidate what the new ones read.
     */
    private readonly cluster = false,
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
      // Sent in one turn, the commands go out in one write per node (auto-pipelining); an
      // explicit pipeline could not span the slots of a cluster.
      const commands = scopes.slice(start, start + BUMP_BATCH).flatMap((scope) => [
        this.redis.incr(this.versionKey(scope)),
        // Every value stored under older versions has expired by then: the count may restart.
        this.redis.pexpire(this.versionKey(scope), this.versionTtlMs),
      ]);
      await requestPathDeadlines.guard(Promise.all(commands));
    }
  }

  async flush(): Promise<number> {
    // REDIS_KEY_PREFIX allows no glob characters (see environment.ts): the pattern is literal.
    const pattern = `${this.keyPrefix}cache:*`;
    // SCAN walks one server: on a cluster, each master in turn.
    const servers = this.redis instanceof Cluster ? this.redis.nodes('master') : [this.redis];
    let deleted = 0;
    for (const server of servers) {
      let cursor = '0';
      do {
        const [next, keys] = await server.scan(cursor, 'MATCH', pattern, 'COUNT', FLUSH_BATCH);
        cursor = next;
        // One UNLINK per key: the keys of one SCAN page lie in many slots of a cluster.
        const counts = await Promise.all(keys.map((key) => this.redis.unlink(key)));
        deleted += counts.reduce((sum, count) => sum + count, 0);
      } while (cursor !== '0');
    }
    return deleted;
  }

  private versionKey(scope: string): string {
    return this.cluster
      ? `${this.keyPrefix}version:{${scope}}`
      : `${this.keyPrefix}version:${scope}`;
  }

  private dataKey(entry: CacheEntry): string {
    return this.cluster
      ? `${this.keyPrefix}cache:{${entry.scope}}:${entry.key}`
      : `${this.keyPrefix}cache:${entry.key}`;
  }
}

const NEWLINE = 10;
