import { inspect } from 'node:util';
import autocannon from 'autocannon';
import { percentile } from './percentile';
import { isJobMessage, type LoadJob, type LoadResult, type WorkerMessage } from './protocol';

/**
 * The load generator: a process of its own, pinned to core 1 by the harness, that runs one
 * autocannon job at a time for the harness (over IPC) and reports what it saw. It exits when
 * the harness goes away.
 */

/** autocannon stops at its duration; this is the last resort should it not. */
const STOP_GRACE_MS = 30_000;
/** A response slower than this counts as a timeout (an error), not a latency. */
const REQUEST_TIMEOUT_SECONDS = 30;

function send(message: WorkerMessage): void {
  process.send?.(message);
}

/** A request iteration for autocannon: paths in turn, and a body numbered per request. */
function requestSetup(job: LoadJob): autocannon.Request['setupRequest'] {
  if (job.paths.length <= 1 && (job.body === undefined || !job.body.includes('{n}')))
    return undefined;
  let next = 0;
  return (request) => {
    const n = next++;
    request.path = job.paths[n % job.paths.length];
    if (job.body !== undefined) request.body = job.body.replaceAll('{n}', String(n));
    return request;
  };
}

function run(job: LoadJob): Promise<LoadResult> {
  const latencies: number[] = [];
  const statusCounts: Record<string, number> = {};
  let non2xx = 0;
  const started = performance.now();
  let lastResponse = started;
  const setupRequest = requestSetup(job);
  // A conditional GET is answered as intended by 304 Not Modified.
  const conditional = 'if-none-match' in job.headers;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${job.origin}${job.paths[0]}`,
        connections: job.connections,
        duration: job.durationSeconds,
        // Bounded in count as well as in time; with `once`, by the paths at hand.
        maxOverallRequests: job.maxRequests,
        timeout: REQUEST_TIMEOUT_SECONDS,
        requests: [
          {
            method: job.method,
            path: job.paths[0],
            headers: job.headers,
            ...(job.body === undefined ? {} : { body: job.body }),
            // autocannon calls whatever is under this key: no key, not an undefined one.
            ...(setupRequest === undefined ? {} : { setupRequest }),
          },
        ],
      },
      (error: unknown, result: autocannon.Result) => {
        clearTimeout(watchdog);
        if (error !== null && error !== undefined) {
          reject(error instanceof Error ? error : new Error(inspect(error)));
          return;
        }
        const elapsedSeconds = Math.max((lastResponse - started) / 1000, 0.001);
        const sorted = latencies.toSorted((a, b) => a - b);
        const sum = sorted.reduce((total, value) => total + value, 0);
        resolve({
          responses: sorted.length,
          elapsedSeconds,
          requestsPerSecond: sorted.length / elapsedSeconds,
          latencyMs: {
            p50: percentile(sorted, 50),
            p95: percentile(sorted, 95),
            p99: percentile(sorted, 99),
            max: sorted.at(-1) ?? 0,
            mean: sorted.length > 0 ? sum / sorted.length : 0,
          },
          errors: result.errors,
          timeouts: result.timeouts,
          non2xx,
          statusCounts,
        });
      },
    );
    const watchdog = setTimeout(() => instance.stop(), job.durationSeconds * 1000 + STOP_GRACE_MS);
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      lastResponse = performance.now();
      latencies.push(responseTime);
      statusCounts[statusCode] = (statusCounts[statusCode] ?? 0) + 1;
      if ((statusCode < 200 || statusCode > 299) && !(conditional && statusCode === 304))
        non2xx += 1;
    });
  });
}

process.on('message', (message: unknown) => {
  if (!isJobMessage(message)) return;
  run(message.job).then(
    (result) => send({ type: 'result', id: message.id, result }),
    (error: unknown) =>
      send({
        type: 'failed',
        id: message.id,
        message: error instanceof Error ? error.message : String(error),
      }),
  );
});
// The harness is gone: nothing more will be asked.
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
