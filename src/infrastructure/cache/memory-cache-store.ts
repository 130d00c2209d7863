import type { Cache } from 'cache-manager';
import type { CacheEntry } from './cache-entries';
import type { CacheLookup, CacheStore } from './cache-store';

/**
 * Without REDIS_URL: values in cache-manager's in-memory store, under `<key>@<version>`, and
 * scope versions in a Map. One process only (and said so at boot): nothing is shared.
 */
export class MemoryCacheStore implements CacheStore {
  private readonly versions = new Map<string, number>();

  constructor(private readonly cache: Cache) {}

  async lookup(entry: CacheEntry): Promise<CacheLookup> {
    const version = String(this.versions.get(entry.scope) ?? 0);
    const text = await this.cache.get<string>(`${entry.key}@${version}`);
    return typeof text === 'string' ? { text } : { missAt: version };
  }

  async store(entry: CacheEntry, version: string, text: string, ttlMs: number): Promise<void> {
    await this.cache.set(`${entry.key}@${version}`, text, ttlMs);
  }

  bump(scopes: readonly string[]): Promise<void> {
    for (const scope of scopes) this.versions.set(scope, (this.versions.get(scope) ?? 0) + 1);
    return Promise.resolve();
  }

  /** Each process has its own memory: there is nothing shared to flush. */
  flush(): Promise<number> {
    return Promise.resolve(0);
  }
}
