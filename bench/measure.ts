import type { LoadGenerator } from './load/load-generator';
import type { LoadJob, LoadResult } from './load/protocol';
import { measureProcess } from './sampling';
import type { RequestPlan } from './scenarios';
import type { RunningServer } from './server-process';

/** Far above what one core serves: a bound on a run's count, should the duration not end it. */
const MAX_REQUESTS_PER_SECOND = 50_000;

/** One scenario run against one server: the load generator's view and the server's cost. */
export interface RunRecord extends LoadResult {
  scenario: string;
  server: string;
  connections: number;
  /** Server CPU (user + system) over the run, and per response. */
  cpuSeconds: number;
  cpuMicrosPerRequest: number;
  maxRssKb: number;
  /** 1 for a scenario measured once; 1…--rounds for the target scenarios. */
  round: number;
  /** The measured window, in ms since the server was spawned (where to look in a profile). */
  windowMs: [from: number, to: number];
}

export interface LoadSpec {
  plan: RequestPlan;
  connections: number;
  durationSeconds: number;
  /** Each path at most once. */
  once: boolean;
}

function jobFor(server: RunningServer, spec: LoadSpec): LoadJob {
  // autocannon builds one request per connection ahead: keep that many paths spare.
  const maxRequests = spec.once
    ? spec.plan.paths.length - spec.connections
    : spec.durationSeconds * MAX_REQUESTS_PER_SECOND;
  if (maxRequests < spec.connections) {
    throw new Error(
      `only ${spec.plan.paths.length} distinct paths for ${spec.connections} connections: seed more articles`,
    );
  }
  return {
    origin: server.baseUrl,
    method: spec.plan.method,
    paths: spec.plan.paths,
    once: spec.once,
    headers: spec.plan.headers,
    body: spec.plan.body,
    connections: spec.connections,
    durationSeconds: spec.durationSeconds,
    maxRequests,
  };
}

/** Unmeasured load: JIT, connection pools and caches settle. */
export async function warm(
  load: LoadGenerator,
  server: RunningServer,
  spec: LoadSpec,
): Promise<void> {
  if (spec.durationSeconds <= 0) return;
  await load.run(jobFor(server, spec));
}

/** Runs the load and reads the server's CPU and RSS around it. */
export async function measure(
  load: LoadGenerator,
  server: RunningServer,
  scenario: string,
  spec: LoadSpec,
  round = 1,
): Promise<RunRecord> {
  const job = jobFor(server, spec);
  const finish = measureProcess(server.pid);
  const from = performance.now() - server.spawnedAt;
  const result = await load.run(job);
  const to = performance.now() - server.spawnedAt;
  const cost = finish();
  return {
    scenario,
    server: server.name,
    connections: spec.connections,
    ...result,
    cpuSeconds: cost.cpuSeconds,
    cpuMicrosPerRequest: result.responses > 0 ? (cost.cpuSeconds * 1e6) / result.responses : 0,
    maxRssKb: cost.maxRssKb,
    round,
    windowMs: [Math.round(from), Math.round(to)],
  };
}
