import type { FastifyInstance } from 'fastify';
import '../decorators/conditional-get.decorator';
import { entityTagOf, noneMatchHolds } from './entity-tag';

/** No shared cache may answer for the API, and a browser revalidates each time. */
const ANONYMOUS_CACHE_CONTROL = 'public, no-cache';
/** A signed-in answer carries the viewer's flags: only that client may keep it. */
const VIEWER_CACHE_CONTROL = 'private, no-cache';

/**
 * ETag and 304 for the routes marked @ConditionalGet(): a 200 answer gets a strong ETag (the
 * one its cached copy carries, else a hash of the body), Cache-Control and Vary: Authorization
 * (the same URL answers differently per viewer); a request whose If-None-Match holds it gets
 * 304 with no body. ETags differ across viewers because their bodies do.
 */
export function answerConditionalGets(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (
      request.routeOptions.config.conditionalGet !== true ||
      request.method !== 'GET' ||
      reply.statusCode !== 200 ||
      typeof payload !== 'string'
    ) {
      return done(null, payload);
    }
    const given = reply.getHeader('etag');
    const entityTag = typeof given === 'string' ? given : entityTagOf(payload);
    void reply.headers({
      etag: entityTag,
      'cache-control': request.headers.authorization
        ? VIEWER_CACHE_CONTROL
        : ANONYMOUS_CACHE_CONTROL,
      vary: 'Origin, Authorization',
    });
    if (!noneMatchHolds(request.headers['if-none-match'], entityTag)) return done(null, payload);
    void reply.code(304).removeHeader('content-type').removeHeader('content-length');
    done(null, '');
  });
}
