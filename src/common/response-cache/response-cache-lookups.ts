import { type ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppCache } from '../../infrastructure/cache/app-cache';
import { anonymousResponseEntry, type CacheEntry } from '../../infrastructure/cache/cache-entries';
import type { CacheLookup } from '../../infrastructure/cache/cache-store';
import { ResponseCacheRules } from './response-cache-rules';

/** A cacheable request's read of the cache, begun as early as the request path allows. */
export interface PendingLookup {
  readonly entry: CacheEntry;
  /** undefined: the cache is bypassed for now (see AppCache.lookup). */
  readonly found: Promise<CacheLookup | undefined>;
}

/**
 * Begins the cache read of an anonymous GET (no Authorization header) to a @CacheKey() route,
 * and keeps it, by request, until ResponseCacheInterceptor takes it. Nest runs interceptors
 * after guards: the rate-limit guard calls start() before it counts, so that the read (an MGET)
 * and the count (an EVALSHA) are sent in the same turn of the event loop, and ioredis's
 * auto-pipelining puts both in one write to Redis. A request the guard refuses never uses its
 * read. When nothing called start(), the interceptor begins the read itself.
 */
@Injectable()
export class ResponseCacheLookups {
  private readonly pending = new WeakMap<FastifyRequest, PendingLookup>();

  constructor(
    private readonly rules: ResponseCacheRules,
    private readonly cache: AppCache,
  ) {}

  /** Begins the read if the request is one the cache answers; does nothing otherwise. */
  start(context: ExecutionContext): void {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (this.pending.has(request)) return;
    const lookup = this.begin(context, request);
    if (lookup !== undefined) this.pending.set(request, lookup);
  }

  /** The request's read, begun now if start() was not called; undefined if it is not cached. */
  take(context: ExecutionContext): PendingLookup | undefined {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const started = this.pending.get(request);
    if (started === undefined) return this.begin(context, request);
    this.pending.delete(request);
    return started;
  }

  private begin(context: ExecutionContext, request: FastifyRequest): PendingLookup | undefined {
    if (context.getType() !== 'http' || request.method !== 'GET') return undefined;
    // A signed-in answer carries the viewer's flags: it is never cached, nor served from it.
    if (request.headers.authorization) return undefined;
    const rule = this.rules.of(context);
    if (rule?.key === undefined) return undefined;
    const key = typeof rule.key === 'string' ? rule.key : rule.key(context);
    // A key must be known at once, for the read to go out with the rate limiter's count.
    if (typeof key !== 'string') return undefined;
    // oxlint-disable-next-line typescript/no-unsafe-type-assertion -- Fastify's parsed path params
    const params = request.params as Record<string, string>;
    const entry = anonymousResponseEntry(rule.scopeOf(params), key);
    return { entry, found: this.cache.lookup(entry) };
  }
}
