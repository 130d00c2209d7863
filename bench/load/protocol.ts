/**
 * What the harness asks of the load worker over IPC, and what it answers. Plain data both ways
 * (the worker builds the request iteration itself), checked on arrival.
 */

export type HttpMethod = 'GET' | 'POST';

export interface LoadJob {
  /** Origin of the server, e.g. http://127.0.0.1:3000. */
  origin: string;
  method: HttpMethod;
  /** Paths requested in turn; with `once`, each at most once (then the run ends). */
  paths: string[];
  once: boolean;
  headers: Record<string, string>;
  /** Request body; every `{n}` becomes a number unique within the job. */
  body: string | undefined;
  connections: number;
  durationSeconds: number;
  /** Upper bound on requests, whatever the duration. */
  maxRequests: number;
}

export interface LoadResult {
  /** Responses received (any status). */
  responses: number;
  elapsedSeconds: number;
  requestsPerSecond: number;
  /** Latency of every response, 2xx or not, in milliseconds. */
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
  /** Connection errors and timeouts (no response at all). */
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCounts: Record<string, number>;
}

export type JobMessage = { type: 'run'; id: number; job: LoadJob };
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'result'; id: number; result: LoadResult }
  | { type: 'failed'; id: number; message: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return isRecord(value) && Object.values(value).every((item) => typeof item === 'string');
}

function isNumberRecord(value: unknown): value is Record<string, number> {
  return isRecord(value) && Object.values(value).every((item) => typeof item === 'number');
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isLoadJob(value: unknown): value is LoadJob {
  return (
    isRecord(value) &&
    typeof value.origin === 'string' &&
    (value.method === 'GET' || value.method === 'POST') &&
    isStringArray(value.paths) &&
    typeof value.once === 'boolean' &&
    isStringRecord(value.headers) &&
    (value.body === undefined || typeof value.body === 'string') &&
    typeof value.connections === 'number' &&
    typeof value.durationSeconds === 'number' &&
    typeof value.maxRequests === 'number'
  );
}

function isLoadResult(value: unknown): value is LoadResult {
  return (
    isRecord(value) &&
    typeof value.responses === 'number' &&
    typeof value.elapsedSeconds === 'number' &&
    typeof value.requestsPerSecond === 'number' &&
    isNumberRecord(value.latencyMs) &&
    ['p50', 'p95', 'p99', 'max', 'mean'].every(
      (key) => isRecord(value.latencyMs) && key in value.latencyMs,
    ) &&
    typeof value.errors === 'number' &&
    typeof value.timeouts === 'number' &&
    typeof value.non2xx === 'number' &&
    isNumberRecord(value.statusCounts)
  );
}

export function isJobMessage(value: unknown): value is JobMessage {
  return (
    isRecord(value) && value.type === 'run' && typeof value.id === 'number' && isLoadJob(value.job)
  );
}

export function isWorkerMessage(value: unknown): value is WorkerMessage {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'ready':
      return true;
    case 'result':
      return typeof value.id === 'number' && isLoadResult(value.result);
    case 'failed':
      return typeof value.id === 'number' && typeof value.message === 'string';
    default:
      return false;
  }
}
