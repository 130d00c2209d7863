import type { INestApplication, LoggerService } from '@nestjs/common';

export interface ShutdownOptions {
  timeoutMs: number;
  logger: LoggerService;
  /** Runs after the app has closed (server drained, pools closed), e.g. to stop an embedded database. */
  afterClose?: () => Promise<void>;
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/**
 * How the process ends. On SIGTERM or SIGINT: stop accepting, let in-flight requests finish,
 * close the pools, exit 0. On an unhandled rejection or uncaught exception: log it, then the
 * same drain, exit 1 — never a silent death, never a zombie that keeps a broken state.
 *
 * Nest's enableShutdownHooks() would re-raise the signal after closing (exit code 143), which
 * Kubernetes and docker report as a crash, so the signals are handled here. app.close() runs
 * onModuleDestroy, beforeApplicationShutdown, the HTTP server's close (which waits for in-flight
 * requests), then onApplicationShutdown (where pools close).
 */
export function shutDownGracefully(app: INestApplication, options: ShutdownOptions): void {
  let shuttingDown = false;
  const shutDown = (reason: string, exitCode: 0 | 1): void => {
    if (shuttingDown) {
      options.logger.warn(`${reason} while shutting down; still draining`);
      return;
    }
    shuttingDown = true;
    options.logger.log(`${reason}: draining in-flight requests, then closing`);
    const deadline = setTimeout(() => {
      options.logger.error(`Shutdown took longer than ${options.timeoutMs} ms; exiting anyway`);
      process.exit(1);
    }, options.timeoutMs);
    deadline.unref();
    app
      .close()
      .then(() => options.afterClose?.())
      .then(
        () => process.exit(exitCode),
        (error: unknown) => {
          options.logger.error(`Shutdown failed: ${describe(error)}`);
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => shutDown('SIGTERM received', 0));
  process.on('SIGINT', () => shutDown('SIGINT received', 0));
  process.on('unhandledRejection', (reason: unknown) => {
    options.logger.error(`Unhandled promise rejection: ${describe(reason)}`);
    shutDown('Unhandled promise rejection', 1);
  });
  process.on('uncaughtException', (error: Error) => {
    options.logger.error(`Uncaught exception: ${describe(error)}`);
    shutDown('Uncaught exception', 1);
  });
}
