import type { FastifyInstance, FastifyRequest } from 'fastify';
import '../decorators/cache-anonymous.decorator';
import type { AppCache } from '../../infrastructure/cache/app-cache';
import { anonymousResponseEntry, type CacheEntry } from '../../infrastructure/cache/cache-entries';
import type { CacheLookup } from '../../infrastructure/cache/cache-store';
import { tagAnswer } from '../http-cache/conditional-get';
import { splitEntityTag, withEntityTag } from '../http-cache/entity-tag';

const JSON_TYPE = 'application/json; charset=utf-8';

/** Path plus query parameters in a fixed order, so equivalent URLs share one entry. */
export function normalizedUrl(url: string): string {
  // A path alone (the by-slug read) needs no parsing: the router has already matched it as is.
  if (!url.includes('?')) return url;
  const parsed = new URL(url, 'http://localhost');
  parsed.searchParams.sort();
  const query = parsed.searchParams.toString();
  return query ? `${parsed.pathname}?${query}` : parsed.pathname;
}

/** A cacheable request's lookup, started when it arrived; after a miss, the load it leads. */
interface CachedRequest {
  entry: CacheEntry;
  lookup: Promise<CacheLookup | undefined>;
  /** Set when this request missed and runs the handler for every request of the same version. */
  load?: { settle: (body: string | undefined) => void };
}

const cachedRequests = new WeakMap<FastifyRequest, CachedRequest>();

/** Ends the load a request leads, once: its waiters get `body`, or run their handler. */
function settleLoad(cached: CachedRequest | undefined, body: string | undefined): void {
  cached?.load?.settle(body);
  if (cached) cached.load = undefined;
}

/** A body being loaded, and how to hand it to whoever waits for it. */
function newFlight(): {
  body: Promise<string | undefined>;
  settle: (body: string | undefined) => void;
} {
  const settlers: ((body: string | undefined) => void)[] = [];
  const body = new Promise<string | undefined>((resolve) => settlers.push(resolve));
  return { body, settle: (value) => settlers.forEach((resolve) => resolve(value)) };
}

/**
 * Serves @CacheAnonymous() GETs from the shared cache when the caller sends no token, before
 * Nest runs: a hit costs one cache round trip, and the body goes out as the text it was cached
 * as. The lookup starts as the request arrives (startAnonymousLookups, registered before the
 * rate limiter, so that both go to Redis in one write through ioredis's auto-pipelining); the
 * answer is used once the limiter has let the request in (serveAnonymousResponses, registered
 * after it), still in the onRequest phase: a hit skips every later phase. A refused request
 * never uses it. On a miss the request goes on to its handler, and a 200 answer is stored at
 * the version read before (a write meanwhile has moved the version on, so a stale answer is
 * never served). Concurrent misses of one entry and version in this instance wait for the
 * first one's answer instead of each running the handler (single flight; the version is part
 * of the key, so a request that starts after a write never waits for an answer begun before
 * it). An authenticated response is never cached (it carries per-viewer flags), nor an error.
 */
export function startAnonymousLookups(fastify: FastifyInstance, cache: AppCache): void {
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
}

/** The second half of the above: register it after the rate limiter. */
export function serveAnonymousResponses(fastify: FastifyInstance, cache: AppCache): void {
  const flights = new Map<string, Promise<string | undefined>>();
  fastify.addHook('onRequest', (request, reply, done) => {
    const cached = cachedRequests.get(request);
    if (cached === undefined) return done();
    const send = (body: string): void => void reply.type(JSON_TYPE).send(body);
    cached.lookup.then((found) => {
      if (found === undefined) return done();
      // A hit answers here: the handler does not run (and done is not called).
      if ('text' in found) {
        // The ETag came with the body: a hit hashes nothing, and a current one sends no body.
        const { entityTag, body } = splitEntityTag(found.text);
        if (entityTag !== undefined && tagAnswer(request, reply, entityTag)) {
          return void reply.code(304).send();
        }
        return send(body);
      }
      const flight = `${cached.entry.key}@${found.missAt}`;
      const running = flights.get(flight);
      if (running) {
        // Another request is loading this body: take its answer, or run the handler if it fails.
        return void running.then((body) => (body === undefined ? done() : send(body)));
      }
      const loading = newFlight();
      flights.set(flight, loading.body);
      cached.load = {
        settle: (body) => {
          loading.settle(body);
          // The flight answers late arrivals until the body is in the store: a request whose
          // lookup missed before the store completed takes it here instead of loading again.
          if (body === undefined) flights.delete(flight);
          else
            void cache
              .store(cached.entry, found.missAt, withEntityTag(body))
              // A turn later: a lookup answered in the same read from Redis as the store (it
              // was sent before it, so it missed) has then found the flight and taken its body.
              .finally(() => setImmediate(() => flights.delete(flight)));
        },
      };
      done();
    }, done);
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const cached = cachedRequests.get(request);
    if (cached?.load !== undefined) {
      const body = reply.statusCode === 200 && typeof payload === 'string' ? payload : undefined;
      settleLoad(cached, body);
    }
    done(null, payload);
  });
  // Whatever happened to the response (a client gone, an error before a send), waiters go on.
  fastify.addHook('onResponse', (request, _reply, done) => {
    settleLoad(cachedRequests.get(request), undefined);
    done();
  });
}
