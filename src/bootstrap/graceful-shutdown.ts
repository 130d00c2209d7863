import type { INestApplication, LoggerService } from '@nestjs/common';

export interface ShutdownOptions {
  /** On a signal, how long readiness says 503 while the server still serves. */
  drainMs: number;
  /** Then, how long closing (in-flight requests, pools) may take before exiting 1. */
  timeoutMs: number;
  /** Told first, so readiness turns 503 at once. */
  lifecycle: { beginShutdown(): void };
  logger: LoggerService;
  /** Runs after the app has closed (server drained, pools closed), e.g. to stop an embedded database. */
  afterClose?: () => Promise<void>;
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/**
 * How the process ends. On SIGTERM or SIGINT: readiness turns 503 at once, the server keeps
 * serving for drainMs so load balancers notice, then it stops accepting, lets in-flight requests
 * finish, closes Redis and the pools, and exits 0. On an unhandled rejection or uncaught exception: log it, then the
 * same drain, exit 1 — never a silent death, never a zombie that keeps a broken state.
 *
 * Nest's enableShutdownHooks() would re-raise the signal after closing (exit code 143), which
 * Kubernetes and docker report as a crash, so the signals are handled here. app.close() runs
 * onModuleDestroy, beforeApplicationShutdown, the HTTP server's close (which waits for in-flight
 * requests), then onApplicationShutdown (where pools close).
 */
export function shutDownGracefully(app: INestApplication, options: ShutdownOptions): void {
  let shuttingDown = false;
  const shutDown = (reason: string, exitCode: 0 | 1, drainMs: number): void => {
    if (shuttingDown) {
      options.logger.warn(`${reason} while shutting down; still draining`);
      return;
    }
    shuttingDown = true;
    options.lifecycle.beginShutdown();
    options.logger.log(`${reason}: draining in-flight requests, then closing`);
    const deadline = setTimeout(() => {
      options.logger.error(
        `Shutdown took longer than ${drainMs + options.timeoutMs} ms; exiting anyway`,
      );
      process.exit(1);
    }, drainMs + options.timeoutMs);
    deadline.unref();
    new Promise((resolve) => setTimeout(resolve, drainMs))
      .then(() => app.close())
      .then(() => options.afterClose?.())
      .then(
        () => process.exit(exitCode),
        (error: unknown) => {
          options.logger.error(`Shutdown failed: ${describe(error)}`);
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => shutDown('SIGTERM received', 0, options.drainMs));
  process.on('SIGINT', () => shutDown('SIGINT received', 0, options.drainMs));
  process.on('unhandledRejection', (reason: unknown) => {
    options.logger.error(`Unhandled promise rejection: ${describe(reason)}`);
    // A broken process should not linger for load balancers: close at once.
    shutDown('Unhandled promise rejection', 1, 0);
  });
  process.on('uncaughtException', (error: Error) => {
    options.logger.error(`Uncaught exception: ${describe(error)}`);
    shutDown('Uncaught exception', 1, 0);
  });
}
