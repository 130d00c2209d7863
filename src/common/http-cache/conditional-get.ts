import type { FastifyReply, FastifyRequest } from 'fastify';
import { noneMatchHolds, type TaggedBody } from './entity-tag';

const JSON_TYPE = 'application/json; charset=utf-8';
/** No shared cache may answer for the API, and a browser revalidates each time. */
const ANONYMOUS_CACHE_CONTROL = 'public, no-cache';
/** A signed-in answer carries the viewer's flags: only that client may keep it. */
const VIEWER_CACHE_CONTROL = 'private, no-cache';

/**
 * The body of a 200 answer as the text Fastify would send it: what the handler returned if it
 * is text already, else its JSON. undefined for anything else (nothing to tag).
 */
export function sentText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  return value !== null && typeof value === 'object' ? JSON.stringify(value) : undefined;
}

/**
 * Answers a GET with a 200 body: sets ETag, Cache-Control and (with cors.ts's Vary: Origin,
 * Authorization, on every answer already) what a 304 must carry too; then the body as JSON, or,
 * when If-None-Match holds the ETag, 304 with no body (undefined). ETags differ across viewers
 * because their bodies do.
 */
export function conditionalAnswer(
  request: FastifyRequest,
  reply: FastifyReply,
  { entityTag, body }: TaggedBody,
): string | undefined {
  void reply
    .header('etag', entityTag)
    .header(
      'cache-control',
      request.headers.authorization ? VIEWER_CACHE_CONTROL : ANONYMOUS_CACHE_CONTROL,
    );
  if (noneMatchHolds(request.headers['if-none-match'], entityTag)) {
    void reply.code(304).removeHeader('content-type').removeHeader('content-length');
    return undefined;
  }
  void reply.type(JSON_TYPE);
  return body;
}
