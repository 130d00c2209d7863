import { Inject, Injectable, type LoggerService } from '@nestjs/common';
import { RequestContext } from '../../common/request-context/request-context';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from './root-logger';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * Nest's logger, written through pino: every line carries `context` (the class that logged it)
 * and, while a request is being served, `req.id`, so a client's reported requestId finds every
 * line of its request. Nest calls `error(message, stack?, context?)` and the others
 * `(message, context?)`; an Error or an object is logged as pino logs them.
 */
@Injectable()
export class AppLogger implements LoggerService {
  constructor(
    @Inject(ROOT_LOGGER) private readonly root: Logger,
    private readonly requestContext: RequestContext,
  ) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    if (!this.root.isLevelEnabled(level)) return;
    const last = params.at(-1);
    const context = params.length > 0 && typeof last === 'string' ? last : undefined;
    const rest = context === undefined ? params : params.slice(0, -1);
    const requestId = this.requestContext.requestId;
    const fields: Record<string, unknown> = {
      ...(context === undefined ? {} : { context }),
      ...(requestId === undefined ? {} : { req: { id: requestId } }),
    };
    // Nest passes a stack as error()'s first extra argument.
    const stack = rest.find((param): param is string => typeof param === 'string');
    if (message instanceof Error) {
      this.root[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.root[level]({ ...fields, ...message });
    } else {
      this.root[level](
        stack === undefined ? fields : { ...fields, err: { stack } },
        String(message),
      );
    }
  }
}
