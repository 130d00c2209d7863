import { Module, RequestMethod } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import './request-log-fields';
import { httpConfig, type HttpConfig } from '../../config/http.config';

/** Never written to a log, whatever an object being logged happens to carry. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.passwordHash',
];

/**
 * JSON logs through pino (human-readable only in development). nestjs-pino keeps each request's
 * logger in AsyncLocalStorage, so every line logged while serving a request — ours included —
 * carries its id (`req.id`, the X-Request-Id answer).
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [httpConfig.KEY],
      useFactory: (http: HttpConfig) => ({
        // On Fastify the default route pattern matches nothing: every path must be named.
        forRoutes: [{ path: '/{*splat}', method: RequestMethod.ALL }],
        pinoHttp: {
          level: http.logLevel,
          redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
          // Read when the request's line is written, by which time routing and the guard have run.
          customProps: (request: IncomingMessage) => ({
            route: request.routeTemplate,
            userId: request.userId,
          }),
          // The request line says what the request was, not every header it carried.
          serializers: {
            req: (req: { id: unknown; method: string; url: string }) => ({
              id: req.id,
              method: req.method,
              url: req.url,
            }),
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
          },
          ...(http.nodeEnv === 'development' ? { transport: { target: 'pino-pretty' } } : {}),
        },
      }),
    }),
  ],
})
export class LoggingModule {}
