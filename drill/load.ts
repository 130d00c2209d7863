import { send, type DrillRequest, type DrillResponse } from './http-client';
import { isErrorFormat } from './json-path';
import { articleBody, LOAD_ADDRESSES, pick, type Fixtures } from './fixtures';

/** One request of the load and how it went. */
export interface Outcome {
  kind: string;
  status: number;
  ms: number;
  /** When it started, relative to the load's start. */
  atMs: number;
  error?: string;
  retryAfter?: string;
  /** The body is `{"errors": {...}}`, the API's error format. */
  errorFormat: boolean;
  /** For article creations: the unique title, to find the row later. */
  title?: string;
  /** The API instance that answered (HAProxy's X-Drill-Backend); absent when HAProxy answered itself. */
  backend?: string;
}

export interface LoadReport {
  outcomes: Outcome[];
  /** Not 2xx (including no answer at all). */
  failed: Outcome[];
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Percent of the mix by kind: 70% reads, 30% writes. */
const MIX: readonly (readonly [string, number])[] = [
  ['list', 25],
  ['article', 25],
  ['tags', 10],
  ['feed', 10],
  ['create', 10],
  ['comment', 10],
  ['favorite', 10],
];
const MIX_KINDS = MIX.flatMap(([kind, weight]) => Array.from({ length: weight }, () => kind));

function requestFor(
  kind: string,
  sequence: number,
  fixtures: Fixtures,
  runId: string,
): DrillRequest & { title?: string } {
  const user = pick(fixtures.users, sequence * 7);
  const slug = pick(fixtures.slugs, sequence * 13);
  switch (kind) {
    case 'list':
      return { path: '/api/articles?limit=10' };
    case 'article':
      return { path: `/api/articles/${slug}` };
    case 'tags':
      return { path: '/api/tags' };
    case 'feed':
      return { path: '/api/articles/feed?limit=10', token: user.token };
    case 'create': {
      const title = `drill ${runId} load ${sequence} ${Date.now()}`;
      return {
        method: 'POST',
        path: '/api/articles',
        token: user.token,
        body: articleBody(title),
        title,
      };
    }
    case 'comment':
      return {
        method: 'POST',
        path: `/api/articles/${slug}/comments`,
        token: user.token,
        body: { comment: { body: `drill comment ${sequence}` } },
      };
    default:
      return { method: 'POST', path: `/api/articles/${slug}/favorite`, token: user.token };
  }
}

function outcomeOf(kind: string, answer: DrillResponse, atMs: number, title?: string): Outcome {
  const retryAfter = answer.headers['retry-after'];
  const backend = answer.headers['x-drill-backend'];
  return {
    kind,
    status: answer.status,
    ms: answer.ms,
    atMs,
    ...(answer.error === undefined ? {} : { error: answer.error }),
    ...(typeof retryAfter === 'string' ? { retryAfter } : {}),
    errorFormat: isErrorFormat(answer.body),
    ...(title === undefined ? {} : { title }),
    ...(typeof backend === 'string' ? { backend } : {}),
  };
}

function percentile(sorted: readonly number[], share: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))];
}

export function summarise(outcomes: Outcome[]): LoadReport {
  const times = outcomes.map((outcome) => outcome.ms).toSorted((a, b) => a - b);
  return {
    outcomes,
    failed: outcomes.filter((outcome) => outcome.status < 200 || outcome.status > 299),
    p50Ms: percentile(times, 0.5),
    p99Ms: percentile(times, 0.99),
    maxMs: times.at(-1) ?? 0,
  };
}

export interface LoadOptions {
  baseUrl: string;
  fixtures: Fixtures;
  runId: string;
  ratePerSecond: number;
  /** The load stops at this time at the latest (and at rate × duration requests). */
  maxDurationMs: number;
  /** Only these kinds (default: the whole mix). */
  kinds?: readonly string[];
}

/**
 * A steady open-loop load: requests start on schedule whether or not earlier ones answered
 * (as independent clients would), from LOAD_ADDRESSES in turn. Bounded in count and time;
 * `stop()` ends it early. `done` resolves once every started request has answered or failed.
 */
export function startLoad(options: LoadOptions): { stop: () => void; done: Promise<LoadReport> } {
  const kinds = options.kinds ?? MIX_KINDS;
  const maxRequests = Math.ceil((options.ratePerSecond * options.maxDurationMs) / 1000);
  const started = performance.now();
  const inFlight: Promise<Outcome>[] = [];
  let stopped = false;
  const done = new Promise<LoadReport>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = performance.now() - started;
      if (stopped || elapsed >= options.maxDurationMs || inFlight.length >= maxRequests) {
        clearInterval(timer);
        void Promise.all(inFlight).then((outcomes) => resolve(summarise(outcomes)));
        return;
      }
      const due = Math.min(maxRequests, Math.floor((elapsed * options.ratePerSecond) / 1000) + 1);
      while (inFlight.length < due) {
        const sequence = inFlight.length;
        const kind = pick(kinds, sequence * 31 + 7);
        const { title, ...spec } = requestFor(kind, sequence, options.fixtures, options.runId);
        const atMs = performance.now() - started;
        inFlight.push(
          send(options.baseUrl, { ...spec, from: pick(LOAD_ADDRESSES, sequence) }).then((answer) =>
            outcomeOf(kind, answer, atMs, title),
          ),
        );
      }
    }, 5);
  });
  return { stop: () => (stopped = true), done };
}

/** `count` requests of one kind, `concurrency` at a time, as fast as they are answered. */
export async function burst(
  count: number,
  concurrency: number,
  next: (sequence: number) => Promise<DrillResponse>,
): Promise<DrillResponse[]> {
  const answers: DrillResponse[] = [];
  let issued = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (issued < count) {
        const sequence = issued++;
        answers[sequence] = await next(sequence);
      }
    }),
  );
  return answers;
}
