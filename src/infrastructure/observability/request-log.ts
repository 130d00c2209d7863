import {
  LogController,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import type { Logger } from 'pino';

/** The route label of a request no route matched (404), in logs and metrics alike. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Fastify's own request logging, made one JSON line per request once its response is sent
 * (instead of Fastify's two, "incoming request" and "request completed"): its id (the
 * X-Request-Id answer), method, URL, the route template, the authenticated user, status and
 * time; a trace id too while OpenTelemetry runs (its pino instrumentation adds it). Fastify calls
 * this after the onResponse hooks, as it would its default line: no hook and no middleware of
 * ours, and no child logger beyond the one Fastify makes per request anyway.
 */
export class RequestLogController extends LogController {
  constructor(private readonly logger: Logger) {
    super();
  }

  override incomingRequest(): void {
    // Said by the one line written once the response is sent.
  }

  override requestCompleted(
    _error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (!this.logger.isLevelEnabled('info')) return;
    const failed = reply.statusCode >= 500;
    this.logger[failed ? 'error' : 'info'](
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
}

/**
 * Each request's `request.log`, and so nestjs-pino's logger while it is served: bound to
 * `req: { id }` (Fastify's default key is `reqId`), the field every line of a request is
 * found by.
 */
export const childLoggerOfRequest: NonNullable<FastifyServerOptions['childLoggerFactory']> = (
  logger,
  bindings,
  options,
) => logger.child({ req: { id: bindings.reqId as unknown } }, options);
