import { Global, Module } from '@nestjs/common';
import { httpConfig, type HttpConfig } from '../../config/http.config';
import { AppLogger } from './app-logger';
import { createLoggers, REQUEST_LOGGER, ROOT_LOGGER, type ProcessLoggers } from './root-logger';

const LOGGERS = Symbol('LOGGERS');

/**
 * JSON logs through pino (human-readable only in development): AppLogger is Nest's logger, and
 * the request line is written by a Fastify hook (request-log.ts). Every line logged while a
 * request is served carries its id, from the request context.
 */
@Global()
@Module({
  providers: [
    {
      provide: LOGGERS,
      inject: [httpConfig.KEY],
      useFactory: (http: HttpConfig): ProcessLoggers => createLoggers(http),
    },
    { provide: ROOT_LOGGER, inject: [LOGGERS], useFactory: (l: ProcessLoggers) => l.root },
    { provide: REQUEST_LOGGER, inject: [LOGGERS], useFactory: (l: ProcessLoggers) => l.requests },
    AppLogger,
  ],
  exports: [AppLogger, ROOT_LOGGER, REQUEST_LOGGER],
})
export class LoggingModule {}
