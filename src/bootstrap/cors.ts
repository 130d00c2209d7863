import type { FastifyInstance } from 'fastify';

/** Methods, request headers and response headers a browser on an allowed origin may use. */
const ALLOWED_METHODS = 'GET, HEAD, POST, PUT, DELETE';
const ALLOWED_HEADERS = 'Authorization, Content-Type, X-Request-Id, Idempotency-Key, If-None-Match';
const EXPOSED_HEADERS =
  'X-Request-Id, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Idempotent-Replayed, ETag';
/** How long a browser may reuse a preflight's answer, in seconds. */
const PREFLIGHT_MAX_AGE = '600';

/**
 * CORS for browser clients on other origins: `origins` is true (any origin, reflected) or the
 * allowlist (none in production unless CORS_ORIGINS says). Every header value is computed here,
 * once: per request there is one lookup of the Origin header. Responses vary by Origin, so
 * shared caches keep one copy per origin. Preflights (OPTIONS) answer 204, with the allowances
 * only for an allowed origin; test/cors.e2e-spec.ts sends one for every route the app serves.
 * (@fastify/cors did the same, spreading its options and building closures on every request.)
 */
export function enableCors(fastify: FastifyInstance, origins: true | readonly string[]): void {
  const allowed = new Set(origins === true ? [] : origins);
  const allows = (origin: string | undefined): origin is string =>
    origin !== undefined && (origins === true || allowed.has(origin));
  fastify.addHook('onRequest', (request, reply, done) => {
    // Answers vary by Origin (CORS) and by Authorization (a viewer's flags): caches keep apart.
    void reply.header('vary', 'Origin, Authorization');
    const { origin } = request.headers;
    if (allows(origin)) {
      void reply.header('access-control-allow-origin', origin);
      void reply.header('access-control-expose-headers', EXPOSED_HEADERS);
    }
    done();
  });
  // Preflights are not rate limited: a browser sends one before many of its calls.
  fastify.options('*', { config: { rateLimit: 'none' } }, (request, reply) => {
    if (allows(request.headers.origin)) {
      void reply.headers({
        'access-control-allow-methods': ALLOWED_METHODS,
        'access-control-allow-headers': ALLOWED_HEADERS,
        'access-control-max-age': PREFLIGHT_MAX_AGE,
      });
    }
    void reply.code(204).header('content-length', '0').send();
  });
}
