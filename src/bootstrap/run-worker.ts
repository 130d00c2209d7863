import { Logger, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { LogController } from 'fastify';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { processLoggers } from '../infrastructure/observability/root-logger';
import { eventsConfig, type EventsConfig } from '../config/events.config';
import { httpConfig, type HttpConfig } from '../config/http.config';
import { AppLifecycle } from '../infrastructure/health/app-lifecycle';
import { tracing } from '../tracing';
import { shutDownGracefully } from './graceful-shutdown';
import { loadEnvironmentOrExit } from './load-environment';
import { nestLogLevels } from './nest-log-levels';

async function startWorker(rootModule: Type<unknown>): Promise<void> {
  const environment = loadEnvironmentOrExit();
  if (environment.DATABASE_URL === undefined) {
    process.stderr.write(
      'DATABASE_URL is required by the worker (without it, `npm start` handles events in the API process)\n',
    );
    process.exit(1);
  }
  // The same pino as the API's, without its line per request: only probes and scrapes come here.
  const adapter = new FastifyAdapter({
    loggerInstance: processLoggers({
      logLevel: environment.LOG_LEVEL,
      nodeEnv: environment.NODE_ENV,
    }).root,
    logController: new LogController({ disableRequestLogging: true }),
  });
  const app = await NestFactory.create<NestFastifyApplication>(rootModule, adapter, {
    logger: nestLogLevels(environment.LOG_LEVEL),
    bufferLogs: true,
  });
  app.useLogger(app.get(PinoNestLogger));
  const logger = new Logger('Worker');
  const http = app.get<HttpConfig>(httpConfig.KEY);
  const events = app.get<EventsConfig>(eventsConfig.KEY);
  shutDownGracefully(app, {
    // Nothing routes traffic to a worker: no drain, stop at once (after the entry in hand).
    drainMs: 0,
    timeoutMs: http.shutdownTimeoutMs,
    lifecycle: app.get(AppLifecycle),
    logger,
    afterClose: async () => {
      await tracing?.shutdown();
    },
  });
  await app.listen({ port: events.workerHealthPort, host: http.host });
  logger.log(
    `Worker up; /health/live, /health/ready and /metrics on http://${http.host}:${events.workerHealthPort}`,
  );
}

/** The worker process: validate the environment, then relay and consume events until a signal. */
export function runWorkerProcess(rootModule: Type<unknown>): void {
  startWorker(rootModule).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
