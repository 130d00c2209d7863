import type { FastifyInstance, FastifyRequest } from 'fastify';
import '../decorators/cache-anonymous.decorator';
import type { AppCache } from '../../infrastructure/cache/app-cache';
import { anonymousResponseEntry, type CacheEntry } from '../../infrastructure/cache/cache-entries';
import type { CacheLookup } from '../../infrastructure/cache/cache-store';

const JSON_TYPE = 'application/json; charset=utf-8';

/** Path plus query parameters in a fixed order, so equivalent URLs share one entry. */
export function normalizedUrl(url: string): string {
  const parsed = new URL(url, 'http://localhost');
  parsed.searchParams.sort();
  const query = parsed.searchParams.toString();
  return query ? `${parsed.pathname}?${query}` : parsed.pathname;
}

/** A cacheable request's lookup, started when it arrived; and, after a miss, what to store. */
interface CachedRequest {
  entry: CacheEntry;
  lookup: Promise<CacheLookup | undefined>;
  missAt?: string;
}

const cachedRequests = new WeakMap<FastifyRequest, CachedRequest>();

/**
 * Serves @CacheAnonymous() GETs from the shared cache when the caller sends no token, before
 * Nest runs: a hit costs one cache round trip, and the body goes out as the text it was cached
 * as. The lookup starts as the request arrives, in the same turn as the rate limiter's count,
 * so that both go to Redis in one write (ioredis auto-pipelining); a refused request never
 * uses it. On a miss the request goes on to its handler, and a 200 answer is stored at the
 * version read before (a write meanwhile has moved the version on, so a stale answer is never
 * served). An authenticated response is never cached (it carries per-viewer flags), nor an
 * error. The handlers' own caches keep concurrent misses from loading the same rows twice.
 * Register it before the rate limiter.
 */
export function cacheAnonymousResponses(fastify: FastifyInstance, cache: AppCache): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    const rule = request.routeOptions.config.anonymousCache;
    if (rule !== undefined && request.method === 'GET' && !request.headers.authorization) {
      // oxlint-disable-next-line typescript/no-unsafe-type-assertion -- Fastify's parsed path params
      const params = request.params as Record<string, string>;
      const entry = anonymousResponseEntry(rule.scopeOf(params), normalizedUrl(request.url));
      cachedRequests.set(request, { entry, lookup: cache.lookup(entry) });
    }
    done();
  });
  fastify.addHook('preHandler', (request, reply, done) => {
    const cached = cachedRequests.get(request);
    if (cached === undefined) return done();
    cached.lookup.then((found) => {
      if (found === undefined) return done();
      // A hit answers here: the handler does not run (and done is not called).
      if ('text' in found) return void reply.type(JSON_TYPE).send(found.text);
      cached.missAt = found.missAt;
      done();
    }, done);
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const cached = cachedRequests.get(request);
    if (cached?.missAt !== undefined && reply.statusCode === 200 && typeof payload === 'string') {
      void cache.store(cached.entry, cached.missAt, payload);
    }
    done(null, payload);
  });
}
