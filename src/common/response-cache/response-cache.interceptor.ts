import { CACHE_MANAGER, CacheInterceptor } from '@nestjs/cache-manager';
import { type CallHandler, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Cache } from 'cache-manager';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { defer, finalize, from, map, type Observable, of, switchMap } from 'rxjs';
import { AppCache } from '../../infrastructure/cache/app-cache';
import type { CacheLookup } from '../../infrastructure/cache/cache-store';
import { conditionalAnswer, sentText } from '../http-cache/conditional-get';
import { cachedBody, type TaggedBody, taggedBody, withEntityTag } from '../http-cache/entity-tag';
import { type PendingLookup, ResponseCacheLookups } from './response-cache-lookups';
import { type ResponseCacheRule, ResponseCacheRules } from './response-cache-rules';
import { ResponseFlights } from './response-flights';

/** One request, as the steps below need it. */
interface Exchange {
  context: ExecutionContext;
  request: FastifyRequest;
  reply: FastifyReply;
  rule: ResponseCacheRule;
}

/** The text of a 200 answer; undefined for any other (left as it is, never cached). */
const okText = ({ reply }: Exchange, value: unknown): string | undefined =>
  reply.statusCode === 200 ? sentText(value) : undefined;

/**
 * Global (CommonModule): @CacheKey() GETs served from the shared cache when the caller sends no
 * token, and ETag/304 for them and for @ConditionalGet() routes.
 *
 * A hit answers with the text it was cached as, and the ETag stored with it, without running
 * the handler (If-None-Match holding it: 304). On a miss the handler runs and its 200 answer is
 * sent as text serialized here once (what Fastify would have written), so that the miss and
 * every later hit send the same bytes and ETag; it is stored at the version the read found (a
 * write meanwhile has moved the version on, so a stale answer is never served). Concurrent
 * misses of one entry and version in this process wait for the first one's answer
 * (ResponseFlights). An authenticated response is never cached, nor an error.
 *
 * It extends the library's interceptor for its decorators and place, but replaces intercept():
 * which request is cached, under which key, is ResponseCacheLookups' call (so that the
 * rate-limit guard can begin the read before it counts), and values go only through AppCache,
 * whose versioned scopes make a write's invalidation hold on every replica; the base class's
 * trackBy() and cache manager (cache-manager in memory, AppCache's store without Redis) are
 * not used.
 */
@Injectable()
export class ResponseCacheInterceptor extends CacheInterceptor {
  private readonly flights = new ResponseFlights();

  constructor(
    @Inject(CACHE_MANAGER) memory: Cache,
    reflector: Reflector,
    private readonly rules: ResponseCacheRules,
    private readonly lookups: ResponseCacheLookups,
    private readonly cache: AppCache,
  ) {
    super(memory, reflector);
  }

  override intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const rule = context.getType() === 'http' ? this.rules.of(context) : undefined;
    if (rule === undefined) return Promise.resolve(next.handle());
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    // HEAD runs the GET handler too (Fastify's exposed HEAD routes): it is left alone.
    if (request.method !== 'GET') return Promise.resolve(next.handle());
    const exchange: Exchange = { context, request, reply: http.getResponse<FastifyReply>(), rule };
    const pending = this.lookups.take(context);
    if (pending === undefined) return Promise.resolve(this.handled(exchange, next));
    return pending.found.then((found) => this.fromCache(exchange, next, pending, found));
  }

  private fromCache(
    exchange: Exchange,
    next: CallHandler,
    pending: PendingLookup,
    found: CacheLookup | undefined,
  ): Observable<unknown> {
    if (found === undefined) return this.handled(exchange, next);
    if ('text' in found) return of(this.send(exchange, cachedBody(found.text)));
    // Decided as the answer is subscribed to, together with starting the flight: a request torn
    // down before (its client gone) leads no flight that would never end.
    return defer(() => this.joinOrLead(exchange, next, pending, found.missAt));
  }

  private joinOrLead(
    exchange: Exchange,
    next: CallHandler,
    pending: PendingLookup,
    version: string,
  ): Observable<unknown> {
    const flight = `${pending.entry.key}@${version}`;
    const running = this.flights.joining(flight);
    if (running !== undefined) {
      // Another request is loading this body: take its answer, or run the handler if it fails.
      return from(running).pipe(
        switchMap((body) =>
          body === undefined ? this.handled(exchange, next) : of(this.send(exchange, body)),
        ),
      );
    }
    const settle = this.flights.lead(flight);
    return next.handle().pipe(
      map((value) => {
        const text = okText(exchange, value);
        if (text === undefined) return value;
        const body = taggedBody(text);
        settle(body, this.store(exchange, pending, version, body));
        return this.send(exchange, body);
      }),
      // Whatever ended the load (an error, a client gone, not a 200), the waiters go on.
      finalize(() => settle()),
    );
  }

  /** The handler's answer, tagged. */
  private handled(exchange: Exchange, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((value) => {
        const text = okText(exchange, value);
        return text === undefined ? value : this.send(exchange, taggedBody(text));
      }),
    );
  }

  private send({ request, reply }: Exchange, body: TaggedBody): string | undefined {
    return conditionalAnswer(request, reply, body);
  }

  private async store(
    { context, rule }: Exchange,
    pending: PendingLookup,
    version: string,
    { entityTag, body }: TaggedBody,
  ): Promise<void> {
    const ttlMs = typeof rule.ttl === 'function' ? await rule.ttl(context) : rule.ttl;
    await this.cache.store(pending.entry, version, withEntityTag(body, entityTag), ttlMs);
  }
}
