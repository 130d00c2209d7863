import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

/** The route label of a request no route matched (404), in logs and metrics alike. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * One JSON line per request once its response is sent: its id (the X-Request-Id answer), method,
 * URL, the route template, the authenticated user, status and time. Written from Fastify's own
 * hook: no Express-style middleware layer, and no per-request child logger.
 */
export function logRequests(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    if (logger.isLevelEnabled('info')) {
      const failed = reply.statusCode >= 500;
      logger[failed ? 'error' : 'info'](
        {
          req: { id: request.id, method: request.method, url: request.url },
          route: request.routeOptions.url ?? UNMATCHED_ROUTE,
          userId: request.user?.id,
          res: { statusCode: reply.statusCode },
          responseTime: Math.round(reply.elapsedTime),
        },
        failed ? 'request errored' : 'request completed',
      );
    }
    done();
  });
}
