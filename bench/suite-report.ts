import type { RunRecord } from './measure';
import type { BenchDatabase } from './provision/bench-database';
import {
  compare,
  comparisonTable,
  formatTable,
  machineInfo,
  medianRuns,
  nonSuccessNotes,
  RUN_HEADER,
  runRow,
  writeResults,
  type MachineInfo,
} from './report';
import type { RunContext } from './run-suite';

/** A measured server's own figures, beside its runs. */
export interface ServerFigures {
  name: string;
  bootMs: number;
  idleRssKb: number;
  /** VmRSS right after the last scenario, and the largest VmRSS of the whole run (VmHWM). */
  afterLoadRssKb: number;
  peakRssKb: number;
  idleCpuMillisPerSecond: number;
  stdout: string;
}

export interface SuiteOutcome {
  context: RunContext;
  machineBefore: MachineInfo;
  database: BenchDatabase;
  deepOffset: number;
  servers: ServerFigures[];
  parityProblems: string[];
  runs: RunRecord[];
}

const listed = (servers: readonly ServerFigures[], figure: (server: ServerFigures) => string) =>
  servers.map((server) => `${server.name} ${figure(server)}`).join(', ');

/** Prints the tables of a default run and writes bench/results/<timestamp>.json; returns its path. */
export function reportSuite(outcome: SuiteOutcome): string {
  const { context, database, servers, runs } = outcome;
  const comparisons = compare(runs);
  const after = machineInfo();
  console.log(
    `\n${formatTable(
      RUN_HEADER,
      medianRuns(runs).map((run) => runRow(run)),
    )}`,
  );
  const rounds = Math.max(...runs.map((run) => run.round));
  if (rounds > 1) {
    console.log(
      `(by-slug-cached and by-slug-uncached: ${rounds} rounds each, the servers taking turns to go first; each row is that server's median run, each ratio the median of the rounds' ratios)`,
    );
  }
  if (comparisons.length > 0) console.log(`\n${comparisonTable(comparisons)}`);
  const notes = nonSuccessNotes(runs);
  if (notes.length > 0) console.log(`\nNot 2xx or failed:\n  ${notes.join('\n  ')}`);
  console.log(
    `\nBoot to ready: ${listed(servers, (server) => `${Math.round(server.bootMs)} ms`)}; ` +
      `idle CPU: ${listed(servers, (server) => `${server.idleCpuMillisPerSecond.toFixed(1)} ms/s`)}`,
  );
  console.log(
    `RSS idle / after load / peak: ${listed(servers, (server) => [server.idleRssKb, server.afterLoadRssKb, server.peakRssKb].map((kb) => Math.round(kb / 1024)).join(' / ') + ' MB')}`,
  );
  const seeded =
    database.seededSeconds === undefined
      ? 'reused'
      : `seeded in ${database.seededSeconds.toFixed(1)} s`;
  console.log(
    `Commit ${outcome.machineBefore.commit}${outcome.machineBefore.dirty ? ' with uncommitted changes' : ''}; ` +
      `dataset ${database.name} (${seeded}); deep offset ${outcome.deepOffset}; ` +
      `load average before ${outcome.machineBefore.loadAverage.join(' ')}, after ${after.loadAverage.join(' ')}`,
  );
  return writeResults(context.startedAt, '', {
    kind: 'suite',
    startedAt: context.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: { ...outcome.machineBefore, loadAverageAfter: after.loadAverage },
    flags: context.flags,
    dataset: {
      database: database.name,
      sizes: context.flags.sizes,
      seededSeconds: database.seededSeconds,
    },
    deepOffset: outcome.deepOffset,
    postgres: context.postgres.description,
    redis: context.redis.description,
    servers,
    parityProblems: outcome.parityProblems,
    runs,
    comparisons,
  });
}
