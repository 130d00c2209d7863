import type { CacheKeyFactory } from '@nestjs/cache-manager';
import type { FastifyRequest } from 'fastify';

/** Path plus query parameters in a fixed order, so equivalent URLs share one entry. */
export function normalizedUrl(url: string): string {
  // A path alone (the by-slug read) needs no parsing: the router has already matched it as is.
  if (!url.includes('?')) return url;
  const parsed = new URL(url, 'http://localhost');
  parsed.searchParams.sort();
  const query = parsed.searchParams.toString();
  return query ? `${parsed.pathname}?${query}` : parsed.pathname;
}

/** `@CacheKey(normalizedRequestUrl)`: one cached response per URL, whatever its query's order. */
export const normalizedRequestUrl: CacheKeyFactory = (context) =>
  normalizedUrl(context.switchToHttp().getRequest<FastifyRequest>().url);
