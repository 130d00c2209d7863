/**
 * What the request log line adds to pino-http's defaults, set on the raw request while it is
 * served: the route template (known once Fastify has routed) and the authenticated user.
 */
declare module 'http' {
  interface IncomingMessage {
    routeTemplate?: string;
    userId?: number;
  }
}

/** The route label of a request no route matched (404), in logs and metrics alike. */
export const UNMATCHED_ROUTE = 'unmatched';
