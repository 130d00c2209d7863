import { Logger, type Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Environment } from '../config/environment';
import { httpConfig, type HttpConfig } from '../config/http.config';
import { AppLifecycle } from '../infrastructure/health/app-lifecycle';
import { createHttpApp } from './create-http-app';
import { shutDownGracefully } from './graceful-shutdown';

export interface StartApiOptions {
  afterClose?: () => Promise<void>;
  /** Said once the app's logger is in place, so they come out in its format. */
  bootMessages?: string[];
}

/** Boots the API over `rootModule`, listens, and drains on SIGTERM/SIGINT. */
export async function startApi(
  rootModule: Type<unknown>,
  environment: Environment,
  options: StartApiOptions = {},
): Promise<NestFastifyApplication> {
  const logger = new Logger('Bootstrap');
  const app = await createHttpApp(rootModule, environment.LOG_LEVEL);
  const http = app.get<HttpConfig>(httpConfig.KEY);
  for (const message of options.bootMessages ?? []) logger.log(message);
  shutDownGracefully(app, {
    drainMs: http.shutdownDrainMs,
    timeoutMs: http.shutdownTimeoutMs,
    lifecycle: app.get(AppLifecycle),
    logger,
    afterClose: options.afterClose,
  });
  await app.listen({ port: http.port, host: http.host });
  logger.log(`Listening on http://${http.host}:${http.port} (NODE_ENV=${http.nodeEnv})`);
  return app;
}
