/**
 * The ceiling's Redis keys, under the run's REDIS_KEY_PREFIX. The harness writes the cached
 * by-slug responses (our exact bytes) before that scenario and deletes them all before the
 * uncached one.
 */
export const CEILING_KEY_FAMILY = 'ceiling:';

/** The finished anonymous response of GET /api/articles/:slug. */
export const articleResponseKey = (prefix: string, slug: string): string =>
  `${prefix}${CEILING_KEY_FAMILY}response:article:${slug}`;

/** The article without viewer flags, for signed-in readers. */
export const articleRowKey = (prefix: string, slug: string): string =>
  `${prefix}${CEILING_KEY_FAMILY}row:article:${slug}`;

/** The finished anonymous response of a list or of GET /api/tags, by URL. */
export const httpResponseKey = (prefix: string, url: string): string =>
  `${prefix}${CEILING_KEY_FAMILY}http:${url}`;

/** A user's token version, as AuthenticationGuard checks it. */
export const tokenVersionKey = (prefix: string, userId: number): string =>
  `${prefix}${CEILING_KEY_FAMILY}token-version:${userId}`;
