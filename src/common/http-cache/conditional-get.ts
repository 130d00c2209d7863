import type { FastifyInstance, FastifyReply, FastifyRequest, onSendHookHandler } from 'fastify';
import '../decorators/conditional-get.decorator';
import { entityTagOf, noneMatchHolds } from './entity-tag';

/** No shared cache may answer for the API, and a browser revalidates each time. */
const ANONYMOUS_CACHE_CONTROL = 'public, no-cache';
/** A signed-in answer carries the viewer's flags: only that client may keep it. */
const VIEWER_CACHE_CONTROL = 'private, no-cache';

/**
 * Sets ETag, Cache-Control and Vary on a 200 answer; true when If-None-Match holds the ETag,
 * so that the caller answers 304 with no body instead.
 */
export function tagAnswer(
  request: FastifyRequest,
  reply: FastifyReply,
  entityTag: string,
): boolean {
  void reply
    .header('etag', entityTag)
    // Vary: Origin, Authorization is on every answer already (bootstrap/cors.ts).
    .header(
      'cache-control',
      request.headers.authorization ? VIEWER_CACHE_CONTROL : ANONYMOUS_CACHE_CONTROL,
    );
  return noneMatchHolds(request.headers['if-none-match'], entityTag);
}

/** An answer the handler produced: hashed as it is sent (a cache hit was tagged already). */
const tagHandlerAnswer: onSendHookHandler = (request, reply, payload, done) => {
  if (
    reply.statusCode !== 200 ||
    typeof payload !== 'string' ||
    request.method !== 'GET' ||
    reply.hasHeader('etag')
  ) {
    return done(null, payload);
  }
  if (!tagAnswer(request, reply, entityTagOf(payload))) return done(null, payload);
  void reply.code(304).removeHeader('content-type').removeHeader('content-length');
  done(null, '');
};

/**
 * ETag and 304 for the routes marked @ConditionalGet(), added to those routes only (other
 * routes pay nothing): a 200 answer gets a strong ETag (a cache hit's comes with the cached
 * body and is set by anonymous-response-cache.ts; else a hash of the body), Cache-Control and
 * Vary: Authorization (the same URL answers differently per viewer); If-None-Match holding it
 * gets 304 with no body. ETags differ across viewers because their bodies do.
 */
export function answerConditionalGets(fastify: FastifyInstance): void {
  fastify.addHook('onRoute', (route) => {
    if (route.config?.conditionalGet !== true) return;
    const own = route.onSend;
    route.onSend = [
      ...(own === undefined ? [] : Array.isArray(own) ? own : [own]),
      tagHandlerAnswer,
    ];
  });
}
