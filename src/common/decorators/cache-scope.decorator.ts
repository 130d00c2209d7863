import { type CustomDecorator, SetMetadata } from '@nestjs/common';

/** The invalidation scope of a route's cached responses, from its path parameters. */
export type ResponseScope = (params: Readonly<Record<string, string>>) => string;

export const CACHE_SCOPE = 'conduit:cacheScope';

/**
 * The scope a @CacheKey() route's anonymous responses are cached under: every write that bumps
 * it makes them unreachable, on every replica. Without it, the lists' scope, which every write
 * that changes a list bumps.
 */
export const CacheScope = (scopeOf: ResponseScope): CustomDecorator =>
  SetMetadata(CACHE_SCOPE, scopeOf);
