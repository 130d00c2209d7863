import type { Type } from '@nestjs/common';
import { CommandFactory } from 'nest-commander';
import { Logger } from 'nestjs-pino';
import type { LogLevel } from '../config/environment';
import { reportFailure } from '../cli/cli-failure';
import { StderrLogger } from '../cli/stderr-logger';
import { processLoggers } from '../infrastructure/observability/root-logger';
import { tracing } from '../tracing';
import { loadEnvironmentOrExit } from './load-environment';
import { nestLogLevels } from './nest-log-levels';

/** Past this, something left open after the context closed would keep the process alive. */
const EXIT_GRACE_MS = 5_000;

/** Servers log at info; a command's own output is its information, so its logs start at warn. */
function cliLogLevel(level: LogLevel): LogLevel {
  return level === 'info' ? 'warn' : level;
}

async function runCommand(rootModule: Type<unknown>): Promise<number> {
  const environment = loadEnvironmentOrExit();
  if (environment.DATABASE_URL === undefined) {
    process.stderr.write(
      'DATABASE_URL is required by the CLI: set it to a PostgreSQL URL such as postgres://user:password@host:5432/database\n',
    );
    return 1;
  }
  // Libraries that print with console.log (TypeORM's migration log, when NODE_ENV=development
  // migrates at boot) go to stderr: stdout carries only the command's output, `--json` included.
  console.log = console.info = console.debug = console.error;
  // Failures are told with their stack when logs are turned up for troubleshooting.
  const withStack = environment.LOG_LEVEL === 'debug' || environment.LOG_LEVEL === 'trace';
  const logLevel = cliLogLevel(environment.LOG_LEVEL);
  // The process's pino (root-logger.ts), made here first so that it writes to stderr.
  processLoggers({ logLevel, nodeEnv: environment.NODE_ENV }, 'stderr');
  let exitCode = 0;
  try {
    // The context boots first (the commands are its providers), then parses argv, runs the
    // command and closes: pools and Redis connections end, so the process can exit by itself.
    const app = await CommandFactory.createWithoutRunning(rootModule, {
      // Until the context is up (and if it cannot boot): Nest's text lines, on stderr too.
      logger: new StderrLogger({ logLevels: nestLogLevels(logLevel) }),
      // A failed boot is thrown to us (and reported in one line), rather than aborting the process.
      abortOnError: false,
      // The root program's parse errors (unknown command) are thrown to serviceErrorHandler too.
      errorHandler: (error) => {
        throw error;
      },
      serviceErrorHandler: (error) => {
        exitCode = reportFailure(error, withStack);
      },
    });
    // From here the command's own logs are JSON through nestjs-pino, as the servers' are.
    app.useLogger(app.get(Logger));
    try {
      await CommandFactory.runApplication(app);
    } finally {
      await app.close();
    }
  } catch (error) {
    // The context could not boot (e.g. the database is unreachable) or close. Nest does not close
    // a context that failed to boot, and what it opened (the Redis client) would hold the process.
    process.exit(reportFailure(error, withStack));
  }
  await tracing?.shutdown();
  return exitCode;
}

/**
 * The CLI process: validate the environment (exit 1 naming any bad variable; DATABASE_URL is
 * required), run one command, close, exit with 0 (done), 1 (failed) or 2 (called wrongly).
 */
export function runCli(rootModule: Type<unknown>): void {
  runCommand(rootModule).then(
    (exitCode) => {
      process.exitCode = exitCode;
      setTimeout(() => {
        process.stderr.write('warning: something was still open after the command; exiting\n');
        process.exit(exitCode);
      }, EXIT_GRACE_MS).unref();
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
