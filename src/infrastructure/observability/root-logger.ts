import pino, { type DestinationStream, type Logger } from 'pino';
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

/** Where a process writes its logs: servers on stdout, the CLI on stderr (stdout is its output). */
export type LogStream = 'stdout' | 'stderr';

export interface ProcessLoggers {
  /**
   * Everything the code logs, with secrets redacted: Fastify's logger (so each request's
   * `request.log` is its child) and the one nestjs-pino's Logger and PinoLogger write through.
   */
  root: Logger;
  /**
   * The one line per request (request-log.ts): fields we build ourselves, never a secret, so this
   * child of `root` skips the redaction pass that costs every other line.
   */
  requests: Logger;
}

/** Characters of log lines gathered before one write: a write per line would be a system call each. */
const WRITE_BATCH_CHARS = 16_384;
/** The longest a line waits in that batch when few are logged. */
const FLUSH_INTERVAL_MS = 200;

let loggersOfThisProcess: ProcessLoggers | undefined;

/**
 * The process's one pino, made on first call (by the entry point, or by the first app a test
 * boots) and returned as it is afterwards: the Fastify adapter needs it before Nest exists, and
 * LoggingModule hands the same instance to nestjs-pino, so Fastify and Nest share one redaction
 * and one batched destination. Later calls' settings are not used.
 */
export function processLoggers(
  http: Pick<HttpConfig, 'logLevel' | 'nodeEnv'>,
  stream: LogStream = 'stdout',
): ProcessLoggers {
  loggersOfThisProcess ??= createLoggers(http, stream);
  return loggersOfThisProcess;
}

/**
 * JSON lines, written asynchronously and in batches (a request never waits for the disk or the
 * pipe, and a busy process makes one write per few kilobytes of lines, not one per line):
 * handed over every FLUSH_INTERVAL_MS and when the process exits.
 * In development, human-readable through pino-pretty (in a worker thread).
 */
function createLoggers(
  http: Pick<HttpConfig, 'logLevel' | 'nodeEnv'>,
  stream: LogStream,
): ProcessLoggers {
  const fd = stream === 'stdout' ? 1 : 2;
  const destination: DestinationStream =
    http.nodeEnv === 'development'
      ? pino.transport({ target: 'pino-pretty', options: { destination: fd } })
      : batched(fd);
  const root = pino(
    {
      level: http.logLevel,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { req: requestFields },
    },
    destination,
  );
  const requests = root.child({}, { redact: [] });
  return { root, requests };
}

interface LoggedRequest {
  id?: unknown;
  method?: unknown;
  url?: unknown;
}

/**
 * `req` in any line, whether a Fastify request, a raw one or the `{ id }` each request's logger
 * is bound to: its id, method and URL, never its headers. (Fastify's own serializer, which ours
 * replaces, would turn that `{ id }` into `{}`.)
 */
function requestFields(req: LoggedRequest): LoggedRequest {
  return { id: req.id, method: req.method, url: req.url };
}

function batched(fd: number): LineBatch {
  // The batch is handed to the stream's SonicBoom (asynchronous writes, EAGAIN and EPIPE
  // handled) as soon as it is full; pino flushes that SonicBoom synchronously on exit.
  const sonic = pino.destination({ dest: fd, sync: false, minLength: 0 });
  const batch = new LineBatch(sonic, WRITE_BATCH_CHARS);
  setInterval(() => batch.flush(), FLUSH_INTERVAL_MS).unref();
  // Before pino's own exit handler (registered with the destination), which then writes what
  // SonicBoom holds synchronously.
  process.prependListener('exit', () => batch.flush());
  return batch;
}
