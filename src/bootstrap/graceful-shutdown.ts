import type { INestApplication, LoggerService } from '@nestjs/common';

export interface ShutdownOptions {
  timeoutMs: number;
  logger: LoggerService;
  /** Runs after the app has closed (server drained, pools closed), e.g. to stop an embedded database. */
  afterClose?: () => Promise<void>;
}

/**
 * On SIGTERM or SIGINT: stop accepting, let in-flight requests finish, close the pools, exit 0.
 * Nest's enableShutdownHooks() would re-raise the signal after closing (exit code 143),
 * which Kubernetes and docker report as a crash, so the signals are handled here.
 * app.close() runs onModuleDestroy, beforeApplicationShutdown, the HTTP server's close
 * (which waits for in-flight requests), then onApplicationShutdown (where pools close).
 */
export function shutDownGracefullyOnSignals(app: INestApplication, options: ShutdownOptions): void {
  let shuttingDown = false;
  const shutDown = (signal: NodeJS.Signals): void => {
    if (shuttingDown) {
      options.logger.warn(`${signal} received again; still draining`);
      return;
    }
    shuttingDown = true;
    options.logger.log(`${signal} received: draining in-flight requests, then closing`);
    const deadline = setTimeout(() => {
      options.logger.error(`Shutdown took longer than ${options.timeoutMs} ms; exiting anyway`);
      process.exit(1);
    }, options.timeoutMs);
    deadline.unref();
    app
      .close()
      .then(() => options.afterClose?.())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          options.logger.error(`Shutdown failed: ${String(error)}`);
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', shutDown);
  process.on('SIGINT', shutDown);
}
