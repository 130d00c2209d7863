import { RequestMethod, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RawServerDefault } from 'fastify';
import type { LogLevel } from '../config/environment';
import { nestLogLevels } from './nest-log-levels';

export const API_PREFIX = 'api';

/** Bodies above this get 413 before any handler runs. */
export const MAX_BODY_BYTES = 1024 * 1024;

export function createFastifyAdapter(): FastifyAdapter {
  return new FastifyAdapter({ bodyLimit: MAX_BODY_BYTES });
}

/**
 * The HTTP wiring every API process and every e2e test shares. Cross-cutting behaviour
 * (filters, guards, interceptors) is registered in modules as APP_* providers, not here,
 * so anything added here must be about the HTTP server itself.
 */
export function configureHttpApp(app: NestFastifyApplication, adapter: FastifyAdapter): void {
  // The Conduit API lives under /api; probes (and later metrics) stay at the root for operators.
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [{ path: 'health/*path', method: RequestMethod.ALL }],
  });
  const parseJson = adapter.getInstance().getDefaultJsonParser('error', 'error');
  // The official RealWorld suites send `Content-Type: application/json` with no body on
  // GET, DELETE and body-less POST requests; Fastify would answer 400 to those.
  app.useBodyParser<RawServerDefault>(
    'application/json',
    { bodyLimit: MAX_BODY_BYTES },
    (request, body, done) => {
      if (body.length === 0) return done(null, undefined);
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
  const app = await NestFactory.create<NestFastifyApplication>(rootModule, adapter, {
    logger: nestLogLevels(logLevel),
  });
  configureHttpApp(app, adapter);
  return app;
}
