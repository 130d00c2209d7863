import type { BenchFlags } from './cli-flags';
import { flushCaches, populateCeilingCache, primeDatabase, responseBodies } from './cache-control';
import { gatherSuiteData, removeWrites } from './fixtures';
import { LoadGenerator } from './load/load-generator';
import { measure, warm, type LoadSpec, type RunRecord } from './measure';
import { parityProblems } from './parity';
import { onCleanup } from './processes';
import { prepareBenchDatabase } from './provision/bench-database';
import type { PostgresServer } from './provision/postgres';
import type { RedisServer } from './provision/redis';
import { KEY_TARGETS, machineInfo } from './report';
import { idleCpuMillisPerSecond, readPeakRssKb, readRssKb, waitUntilQuiet } from './sampling';
import { reportSuite, type ServerFigures } from './suite-report';
import { SCENARIOS, type ConnectionClass, type Scenario, type ScenarioData } from './scenarios';
import type { RunningServer } from './server-process';
import {
  newSecrets,
  productionEnvironment,
  startCeiling,
  startOurs,
  type ServerSettings,
} from './servers';

/** How long each server is watched doing nothing, right after it is ready. */
const IDLE_SECONDS = 3;

/** The API's CACHE_TTL_SECONDS default, used for the ceiling's cached responses too. */
const CACHE_TTL_SECONDS = 300;

export interface RunContext {
  flags: BenchFlags;
  postgres: PostgresServer;
  redis: RedisServer;
  runId: string;
  startedAt: Date;
  logDir: string;
}

function connectionsFor(flags: BenchFlags, kind: ConnectionClass): number {
  const byClass: Record<ConnectionClass, number> = {
    read: flags.readConnections,
    'signed-in': flags.signedInConnections,
    write: flags.writeConnections,
  };
  return byClass[kind];
}

/** Empties or fills caches so that the scenario measures what its name says. */
async function prepare(
  scenario: Scenario,
  server: RunningServer,
  context: RunContext,
  data: ScenarioData,
  databaseUrl: string,
  hotBodies: ReadonlyMap<string, string>,
): Promise<void> {
  if (scenario.prepare === 'flush-cache') {
    await flushCaches(context.redis.url, context.redis.keyPrefix);
    await primeDatabase(databaseUrl, data.coldSlugs);
  }
  if (scenario.prepare === 'populate-ceiling-cache' && server.name === 'ceiling') {
    await populateCeilingCache(
      context.redis.url,
      context.redis.keyPrefix,
      hotBodies,
      CACHE_TTL_SECONDS,
    );
  }
}

function progress(run: RunRecord): void {
  const label = run.round > 1 ? `${run.scenario} #${run.round}` : run.scenario;
  console.log(
    `  ${label.padEnd(21)} ${run.server.padEnd(7)} ${Math.round(run.requestsPerSecond)
      .toString()
      .padStart(
        6,
      )} req/s  p99 ${run.latencyMs.p99.toFixed(1)} ms  ${Math.round(run.cpuMicrosPerRequest)} µs CPU/req  non-2xx ${run.non2xx}  errors ${run.errors}`,
  );
}

/** Hot reads on a fresh server: JIT, pools and caches settle before anything is measured. */
async function warmUp(
  load: LoadGenerator,
  server: RunningServer,
  data: ScenarioData,
  flags: BenchFlags,
): Promise<void> {
  const half = Math.ceil(flags.warmupSeconds / 2);
  for (const name of ['by-slug-cached', 'list-signed-in']) {
    const scenario = SCENARIOS.find((candidate) => candidate.name === name);
    if (scenario === undefined) continue;
    await warm(load, server, {
      plan: scenario.plan(data),
      connections: connectionsFor(flags, scenario.connections),
      durationSeconds: flags.warmupSeconds === 0 ? 0 : half,
      once: false,
    });
  }
}

/** Whether the ceiling answers each read scenario as ours does (printed and recorded). */
async function checkParity(
  scenarios: readonly Scenario[],
  data: ScenarioData,
  ours: RunningServer,
  ceiling: RunningServer,
): Promise<string[]> {
  const reads = scenarios.filter((scenario) => scenario.againstCeiling);
  const problems = await parityProblems(
    new Map(reads.map((scenario) => [scenario.name, scenario.plan(data)])),
    ours,
    ceiling,
  );
  console.log(
    problems.length === 0
      ? `bench: the ceiling answers the ${reads.length} read scenarios exactly as ours does`
      : `bench: WARNING, the ceiling answers differently:\n  ${problems.join('\n  ')}`,
  );
  return problems;
}

/** Each scenario in turn, against ours and (reads) the ceiling: prepare, warm, measure. */
async function runScenarios(
  scenarios: readonly Scenario[],
  servers: readonly RunningServer[],
  load: LoadGenerator,
  context: RunContext,
  data: ScenarioData,
  databaseUrl: string,
): Promise<RunRecord[]> {
  const { flags } = context;
  const hotBodies = await responseBodies(servers[0].baseUrl, data.hotSlugs);
  for (const server of servers) await warmUp(load, server, data, flags);
  console.log(`bench: ${scenarios.length} scenarios, ${flags.durationSeconds} s each`);
  const runs: RunRecord[] = [];
  for (const scenario of scenarios) {
    const spec: LoadSpec = {
      plan: scenario.plan(data),
      connections: connectionsFor(flags, scenario.connections),
      durationSeconds: flags.durationSeconds,
      once: scenario.once,
    };
    // A small dataset may not have the distinct slugs a once-each scenario needs.
    if (scenario.once && spec.plan.paths.length < 2 * spec.connections) {
      console.log(
        `  ${scenario.name}: skipped, only ${spec.plan.paths.length} distinct paths for ${spec.connections} connections (seed more articles)`,
      );
      continue;
    }
    const measured = scenario.againstCeiling ? servers : servers.slice(0, 1);
    const rounds = KEY_TARGETS.has(scenario.name) && measured.length > 1 ? flags.rounds : 1;
    for (let round = 1; round <= rounds; round += 1) {
      // The servers take turns to go first, so that a drift of the machine weighs on both.
      for (const server of round % 2 === 1 ? measured : measured.toReversed()) {
        await prepare(scenario, server, context, data, databaseUrl, hotBodies);
        if (!scenario.once) {
          await warm(load, server, { ...spec, durationSeconds: flags.scenarioWarmupSeconds });
        }
        const run = await measure(load, server, scenario.name, spec, round);
        runs.push(run);
        progress(run);
      }
    }
  }
  return runs;
}

/** The default run: dataset, both servers, the scenarios, the report. */
export async function runSuite(context: RunContext): Promise<void> {
  const { flags } = context;
  const machineBefore = machineInfo();
  const base = { redis: context.redis, ...newSecrets(), logDir: context.logDir };
  const database = await prepareBenchDatabase(context.postgres.adminUrl, flags.sizes, {
    reseed: flags.reseed,
    appEnv: productionEnvironment({ ...base, databaseUrl: context.postgres.adminUrl }),
  });
  const settings: ServerSettings = { ...base, databaseUrl: database.url };
  const load = await LoadGenerator.start();
  const ours = await startOurs(settings, flags.profile);
  const ceiling = flags.ceiling ? await startCeiling(settings, flags.profile) : undefined;
  const servers = ceiling === undefined ? [ours] : [ours, ceiling];
  console.log(
    `bench: ready — ${servers.map((server) => `${server.name} in ${Math.round(server.bootMs)} ms`).join(', ')} (pinned to core 0; load on core 1)`,
  );
  const idleCpu = new Map<RunningServer, number>();
  for (const server of servers) {
    idleCpu.set(server, await idleCpuMillisPerSecond(server.pid, IDLE_SECONDS));
  }
  await removeWrites(database.url);
  // Also on Ctrl-C or a failure: runs before the servers and the database are stopped.
  const restoreDataset = onCleanup('removal of the writes', () => removeWrites(database.url));
  const data = await gatherSuiteData(database.url, ours.baseUrl, context.runId);
  const scenarios = SCENARIOS.filter((candidate) => flags.only.includes(candidate.name));
  let parity: string[] = [];
  let runs: RunRecord[];
  try {
    if (ceiling !== undefined) parity = await checkParity(scenarios, data, ours, ceiling);
    runs = await runScenarios(scenarios, servers, load, context, data, database.url);
  } finally {
    await restoreDataset();
  }
  // Read once the last scenario is over and each server has answered what the load left in
  // flight (logins still hashing would count as resident): what the load left, and the high mark.
  for (const server of servers) await waitUntilQuiet(server.pid);
  const figures: ServerFigures[] = servers.map((server) => ({
    name: server.name,
    bootMs: server.bootMs,
    idleRssKb: server.idleRssKb,
    afterLoadRssKb: readRssKb(server.pid),
    peakRssKb: readPeakRssKb(server.pid),
    idleCpuMillisPerSecond: idleCpu.get(server) ?? 0,
    stdout: server.stdoutFile,
  }));
  const file = reportSuite({
    context,
    machineBefore,
    database,
    deepOffset: data.deepOffset,
    servers: figures,
    parityProblems: parity,
    runs,
  });
  console.log(`Results: ${file}`);
}
