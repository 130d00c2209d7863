import pino, { type Logger } from 'pino';
import type { HttpConfig } from '../../config/http.config';
import { LineBatch } from './line-batch';

/** Never written to a log, whatever an object being logged happens to carry. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.passwordHash',
];

export const ROOT_LOGGER = Symbol('ROOT_LOGGER');
export const REQUEST_LOGGER = Symbol('REQUEST_LOGGER');

export interface ProcessLoggers {
  /** Everything the code logs (through Nest's Logger), with secrets redacted. */
  root: Logger;
  /**
   * The one line per request (request-log.ts): fields we build ourselves, never a secret, so it
   * skips the redaction pass that costs every other line.
   */
  requests: Logger;
}

/** Characters of log lines gathered before one write: a write per line would be a system call each. */
const WRITE_BATCH_CHARS = 16_384;
/** The longest a line waits in that batch when few are logged. */
const FLUSH_INTERVAL_MS = 200;

/**
 * JSON lines on stdout, written asynchronously and in batches (a request never waits for the
 * disk or the pipe, and a busy process makes one write per few kilobytes of lines, not one per
 * line): handed over every FLUSH_INTERVAL_MS and when the process exits.
 * In development, human-readable through pino-pretty (in a worker thread).
 */
export function createLoggers(http: Pick<HttpConfig, 'logLevel' | 'nodeEnv'>): ProcessLoggers {
  const destination =
    http.nodeEnv === 'development' ? pino.transport({ target: 'pino-pretty' }) : batchedStdout();
  const root = pino(
    { level: http.logLevel, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    destination,
  );
  const requests = pino({ level: http.logLevel }, destination);
  return { root, requests };
}

function batchedStdout(): LineBatch {
  // The batch is handed to stdout's SonicBoom (asynchronous writes, EAGAIN and EPIPE handled)
  // as soon as it is full; pino flushes that SonicBoom synchronously on exit.
  const stdout = pino.destination({ dest: 1, sync: false, minLength: 0 });
  const batch = new LineBatch(stdout, WRITE_BATCH_CHARS);
  setInterval(() => batch.flush(), FLUSH_INTERVAL_MS).unref();
  flushAtExit(batch);
  return batch;
}

/** Batches of every logger this process made (one in production; one per app in tests). */
const batchesToFlushAtExit = new Set<LineBatch>();

function flushAtExit(batch: LineBatch): void {
  if (batchesToFlushAtExit.size === 0) {
    // Before pino's own exit handler (registered with the first destination), which then
    // writes what SonicBoom holds synchronously. One listener, however many loggers.
    process.prependListener('exit', () => batchesToFlushAtExit.forEach((each) => each.flush()));
  }
  batchesToFlushAtExit.add(batch);
}
