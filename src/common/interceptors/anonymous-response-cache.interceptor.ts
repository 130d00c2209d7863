import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { AppCache } from '../../infrastructure/cache/app-cache';
import { anonymousResponseEntry } from '../../infrastructure/cache/cache-entries';
import { CACHE_ANONYMOUS } from '../decorators/cache-anonymous.decorator';

/** Path plus query parameters in a fixed order, so equivalent URLs share one entry. */
export function normalizedUrl(url: string): string {
  const parsed = new URL(url, 'http://localhost');
  parsed.searchParams.sort();
  const query = parsed.searchParams.toString();
  return query ? `${parsed.pathname}?${query}` : parsed.pathname;
}

/**
 * Serves @CacheAnonymous() GETs from the shared cache when the caller sends no token. An
 * authenticated response is never cached (it carries per-viewer flags), and neither is an
 * error: a handler that throws leaves nothing behind.
 */
@Injectable()
export class AnonymousResponseCacheInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly cache: AppCache,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (
      context.getType() !== 'http' ||
      !this.reflector.get<boolean>(CACHE_ANONYMOUS, context.getHandler())
    ) {
      return next.handle();
    }
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (request.method !== 'GET' || request.headers.authorization !== undefined)
      return next.handle();
    const entry = anonymousResponseEntry(normalizedUrl(request.url));
    return from(this.cache.getOrLoad(entry, () => lastValueFrom(next.handle())));
  }
}
