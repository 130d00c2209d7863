import { RequestMethod, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RawServerDefault } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { LogLevel } from '../config/environment';
import { httpConfig } from '../config/http.config';
import { invalid } from '../common/errors/domain-error';
import { Logger } from 'nestjs-pino';
import { enterRequestContext, RequestContext } from '../common/request-context/request-context';
import { MetricsService } from '../infrastructure/observability/metrics.service';
import {
  childLoggerOfRequest,
  RequestLogController,
  UNMATCHED_ROUTE,
} from '../infrastructure/observability/request-log';
import { processLoggers } from '../infrastructure/observability/root-logger';
import { nestLogLevels } from './nest-log-levels';
import { enableCors } from './cors';
import { addSecurityHeaders } from './security-headers';
import { serveApiDocs } from './api-docs';

export const API_PREFIX = 'api';

/** Bodies above this get 413 before any handler runs. */
export const MAX_BODY_BYTES = 1024 * 1024;

export const REQUEST_ID_HEADER = 'x-request-id';

const NO_NUL = 'must not contain NUL characters';
const ENCODED_NUL = /%00/i;
/** JSON can only carry NUL escaped (a raw one is invalid JSON anyway). */
const ESCAPED_NUL = /\\u0000/i;
/** An incoming id is kept only when it looks like one: it ends up in logs and headers. */
const WELL_FORMED_REQUEST_ID = /^[\w.:-]{1,128}$/;

function requestIdOf(request: IncomingMessage): string {
  const incoming = request.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && WELL_FORMED_REQUEST_ID.test(incoming)
    ? incoming
    : randomUUID();
}

/**
 * The Fastify server: body limit, request ids, and which proxies may name the client's address.
 * return503OnClosing is off because our shutdown drains first (readiness 503 for
 * SHUTDOWN_DRAIN_MS, then close) and closes the pools only after the server has closed: a request
 * on a connection accepted just before close() is served (with Connection: close) rather than
 * refused with Fastify's own 503, which is not in our error format and which a client sending a
 * write could not tell from "not done".
 * Its logger is the process's pino (root-logger.ts), shared with nestjs-pino: each request's
 * `request.log` is bound to `req.id` (so are the lines services log through it, see
 * logging.module.ts), and RequestLogController writes the one line per request. @fastify/middie
 * stays registered: nestjs-pino binds its per-request store in a Nest middleware.
 */
export function createFastifyAdapter(): FastifyAdapter {
  const http = httpConfig();
  const { root, requests } = processLoggers(http);
  return new FastifyAdapter({
    bodyLimit: MAX_BODY_BYTES,
    trustProxy: http.trustProxy,
    genReqId: requestIdOf,
    loggerInstance: root,
    childLoggerFactory: childLoggerOfRequest,
    logController: new RequestLogController(requests),
    return503OnClosing: false,
  });
}

/**
 * The HTTP wiring every API process and every e2e test shares. Cross-cutting behaviour
 * (filters, guards, interceptors) is registered in modules as APP_* providers, not here,
 * so anything added here must be about the HTTP server itself.
 */
export async function configureHttpApp(
  app: NestFastifyApplication,
  adapter: FastifyAdapter,
): Promise<void> {
  const { corsOrigins, docsEnabled } = httpConfig();
  const fastify = adapter.getInstance();
  // The Conduit API lives under /api; probes (and later metrics) stay at the root for operators.
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/*path', method: RequestMethod.ALL },
      { path: 'metrics', method: RequestMethod.ALL },
    ],
  });
  const metrics = app.get(MetricsService);
  // One hook for every response, 404s and 429s included; the route template, never the raw URL.
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    metrics.recordRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
  enterRequestContext(fastify, app.get(RequestContext));
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    // PostgreSQL text cannot hold NUL: refuse it here rather than fail in a query later.
    done(ENCODED_NUL.test(request.url) ? invalid({ url: [NO_NUL] }) : undefined);
  });
  addSecurityHeaders(fastify);
  enableCors(fastify, corsOrigins);
  if (docsEnabled) serveApiDocs(app, fastify);
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  // The official RealWorld suites send `Content-Type: application/json` with no body on
  // GET, DELETE and body-less POST requests; Fastify would answer 400 to those.
  app.useBodyParser<RawServerDefault>(
    'application/json',
    { bodyLimit: MAX_BODY_BYTES },
    (request, body, done) => {
      if (body.length === 0) return done(null, undefined);
      if (ESCAPED_NUL.test(body.toString('latin1'))) return done(invalid({ body: [NO_NUL] }));
      // Fastify's own parser: 400 on bad JSON, and refuses __proto__/constructor keys.
      void parseJson(request, body.toString('utf8'), done);
    },
  );
}

export async function createHttpApp(
  rootModule: Type<unknown>,
  logLevel: LogLevel,
): Promise<NestFastifyApplication> {
  const adapter = createFastifyAdapter();
  // Boot messages wait in a buffer until pino takes over, so every line is JSON.
  const app = await NestFactory.create<NestFastifyApplication>(rootModule, adapter, {
    logger: nestLogLevels(logLevel),
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  await configureHttpApp(app, adapter);
  return app;
}
