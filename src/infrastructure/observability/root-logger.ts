import pino, { type Logger } from 'pino';
import type { HttpConfig } from '../../config/http.config';

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

/** Bytes of log lines gathered before one write: a write per line would be a system call each. */
const WRITE_BATCH_BYTES = 8192;
/** The longest a line waits in that batch when few are logged. */
const FLUSH_INTERVAL_MS = 200;

/**
 * JSON lines on stdout, written asynchronously and in batches (a request never waits for the
 * disk or the pipe, and a busy process makes one write per few kilobytes of lines, not one per
 * line): flushed every FLUSH_INTERVAL_MS and when the process exits.
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

function batchedStdout(): ReturnType<typeof pino.destination> {
  const destination = pino.destination({
    dest: 1,
    sync: false,
    minLength: WRITE_BATCH_BYTES,
    maxWrite: 2 * WRITE_BATCH_BYTES,
  });
  // With a callback, a flush of a closed destination (at exit) reports instead of throwing.
  setInterval(() => destination.flush(() => undefined), FLUSH_INTERVAL_MS).unref();
  return destination;
}
