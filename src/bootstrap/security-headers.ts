import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The security headers of a JSON API (OWASP's REST Security Cheat Sheet): a CSP that allows
 * nothing and no framing, HSTS, nosniff, X-Frame-Options: DENY, no referrer. helmet's other
 * defaults (X-DNS-Prefetch-Control, X-Download-Options, Origin-Agent-Cluster, the
 * cross-origin policies, …) govern HTML pages, which the API does not serve, and each header
 * is work on every response.
 */
const API_HEADERS: HelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  crossOriginOpenerPolicy: false,
  crossOriginResourcePolicy: false,
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
};

/**
 * helmet's headers, computed once at boot: they are the same for every response, and
 * @fastify/helmet would run helmet's middleware, parsing the CSP directives again, on every
 * request.
 */
export function helmetHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string | number | readonly string[]): void {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(): void {},
  };
  // helmet only sets and removes headers on the response, then calls next: these stand-ins are
  // all it touches.
  // oxlint-disable-next-line typescript/no-unsafe-type-assertion
  const request = {} as IncomingMessage;
  // oxlint-disable-next-line typescript/no-unsafe-type-assertion
  const recorder = response as unknown as ServerResponse;
  helmet(API_HEADERS)(request, recorder, () => undefined);
  return headers;
}

/** Adds the precomputed headers to every response, 404s and errors included. */
export function addSecurityHeaders(fastify: FastifyInstance): void {
  const headers = helmetHeaders();
  fastify.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(headers);
    done();
  });
}
