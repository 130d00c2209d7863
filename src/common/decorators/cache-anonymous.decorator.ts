import { LISTS_SCOPE } from '../../infrastructure/cache/cache-entries';
import { WithRouteConfig } from './route-config';

/** The invalidation scope of a route's cached responses, from its path parameters. */
export type ResponseScope = (params: Readonly<Record<string, string>>) => string;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Anonymous GETs of the route are served from the shared cache (anonymous-response-cache.ts). */
    anonymousCache?: { scopeOf: ResponseScope };
  }
}

/**
 * A GET whose response, for a caller without a token, is the same for everyone: it is cached
 * as the body it was sent with, under `scopeOf`'s scope (by default the lists' scope, which
 * every write that changes a list bumps), and served from the cache before Nest runs.
 */
export const CacheAnonymous = (scopeOf: ResponseScope = () => LISTS_SCOPE): MethodDecorator =>
  WithRouteConfig({ anonymousCache: { scopeOf } });
