import { type DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { httpConfig, type HttpConfig } from '../../config/http.config';
import { processLoggers } from './root-logger';

/**
 * JSON logs through nestjs-pino over the process's one pino (root-logger.ts), the Fastify
 * adapter's logger: `useExisting` makes each request's store the logger Fastify made for it
 * (bound to `req.id`), so every line logged while a request is served carries its id, and
 * PinoLogger.assign adds to it (the user id, from the authentication guard). Nest's logger is
 * nestjs-pino's Logger (app.useLogger); services inject PinoLogger / @InjectPinoLogger(). The
 * request line itself is written by Fastify (request-log.ts). Outside a request (boot, the
 * worker's consumers, the CLI) lines go to the same pino, without a request id.
 */
@Module({})
export class LoggingModule {
  /**
   * A function, not a static import list: nestjs-pino makes one provider per
   * @InjectPinoLogger(context) it has seen when forRootAsync is called, so it must be called
   * once the root module's imports (every service) are loaded, as its @Module() is.
   */
  static forRoot(): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [httpConfig.KEY],
          useFactory: (http: HttpConfig) => ({
            useExisting: true,
            // Logs outside a request: pino-http makes a child of this (its serializers added).
            pinoHttp: { logger: processLoggers(http).root },
            // nestjs-pino's default routes, on Nest 12 with our global prefix, bound the store
            // only for 404s: every path, prefixed or not.
            forRoutes: [{ path: '{*splat}', method: RequestMethod.ALL }],
          }),
        }),
      ],
    };
  }
}
