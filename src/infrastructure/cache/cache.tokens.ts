/** Injection token of the CacheStore AppCache uses (Redis, or memory without REDIS_URL). */
export const CACHE_STORE = Symbol('CACHE_STORE');
