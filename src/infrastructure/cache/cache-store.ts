import type { CacheEntry } from './cache-entries';

/**
 * What one read of the cache found: the text stored for the entry at its scope's current
 * version, or the version a freshly loaded value must be stored under.
 */
export type CacheLookup = { text: string } | { missAt: string };

/** Where AppCache keeps values and scope versions: Redis (shared) or process memory. */
export interface CacheStore {
  /** The entry's text at its scope's current version, in one round trip. */
  lookup(entry: CacheEntry): Promise<CacheLookup>;
  /** Stores `text` as the entry's value at `version`, for `ttlMs`. */
  store(entry: CacheEntry, version: string, text: string, ttlMs: number): Promise<void>;
  /** Moves every scope's version on: what was cached under the old ones is unreachable. */
  bump(scopes: readonly string[]): Promise<void>;
  /** Deletes every cached value (versions stay); answers how many. */
  flush(): Promise<number>;
}
