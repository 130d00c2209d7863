import { formatTable as formatCliTable } from '../src/cli/output';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { RunRecord } from './measure';
import { PROJECT_ROOT, RESULTS_DIR } from './provision/paths';

/** Scenarios whose CPU per request must reach this share of the ceiling's (ARCHITECTURE.md). */
export const KEY_TARGETS: ReadonlyMap<string, number> = new Map([
  ['by-slug-cached', 0.6],
  ['by-slug-uncached', 0.6],
]);

export interface Comparison {
  scenario: string;
  /** Our req/s ÷ the ceiling's. */
  requestsPerSecondRatio: number;
  /** The ceiling's CPU per request ÷ ours: 100% = as cheap as the ceiling (median of rounds). */
  cpuRatio: number;
  /** The CPU ratio of each round, in the order they ran (one entry for a single run). */
  cpuRatioByRound: number[];
  target: number | undefined;
}

export interface MachineInfo {
  nproc: number;
  cpuModel: string;
  loadAverage: number[];
  commit: string;
  /** Uncommitted changes in the work tree: the commit alone does not say what was measured. */
  dirty: boolean;
  node: string;
}

function git(args: readonly string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd: PROJECT_ROOT, encoding: 'utf8' }).trim();
  } catch {
    return undefined; // not a git checkout
  }
}

export function machineInfo(): MachineInfo {
  const commit = git(['rev-parse', '--short', 'HEAD']) ?? 'unknown';
  const status = git(['status', '--porcelain']) ?? '';
  return {
    nproc: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    loadAverage: loadavg().map((value) => Math.round(value * 100) / 100),
    commit,
    dirty: status !== '',
    node: process.version,
  };
}

/** The CLI's table (first column left, numbers right), with a rule under the header. */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const [headerLine = '', ...rowLines] = formatCliTable(header, rows).split('\n');
  return [headerLine, '-'.repeat(headerLine.length), ...rowLines].join('\n');
}

const integer = (value: number): string => Math.round(value).toLocaleString('en-US');
const milliseconds = (value: number): string =>
  value >= 100 ? Math.round(value).toString() : value.toFixed(1);
const percent = (value: number): string => `${Math.round(value * 100)}%`;
const megabytes = (kb: number): string => (kb / 1024).toFixed(0);

export const RUN_HEADER = [
  'scenario',
  'server',
  'conns',
  'req/s',
  'p50 ms',
  'p95 ms',
  'p99 ms',
  'errors',
  'non-2xx',
  'CPU µs/req',
  'RSS MB',
];

export function runRow(run: RunRecord, label = run.scenario): string[] {
  return [
    label,
    run.server,
    String(run.connections),
    integer(run.requestsPerSecond),
    milliseconds(run.latencyMs.p50),
    milliseconds(run.latencyMs.p95),
    milliseconds(run.latencyMs.p99),
    String(run.errors),
    String(run.non2xx),
    integer(run.cpuMicrosPerRequest),
    megabytes(run.maxRssKb),
  ];
}

/** The middle value (the lower of the two middle ones for an even count). */
function median(values: readonly number[]): number {
  const sorted = values.toSorted((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
}

const runKey = (run: RunRecord): string => `${run.scenario}\u0000${run.server}`;

/**
 * One run per scenario and server, in the order they ran: where a scenario ran several rounds,
 * the run of median CPU per request (the table's row; the JSON keeps every round).
 */
export function medianRuns(runs: readonly RunRecord[]): RunRecord[] {
  const groups = new Map<string, RunRecord[]>();
  for (const run of runs) groups.set(runKey(run), [...(groups.get(runKey(run)) ?? []), run]);
  return [...groups.values()].map((group) => {
    const sorted = group.toSorted((a, b) => a.cpuMicrosPerRequest - b.cpuMicrosPerRequest);
    return sorted[Math.floor((sorted.length - 1) / 2)] ?? group[0];
  });
}

/**
 * Ours against the ceiling per scenario. Each round pairs the two servers' runs of that round;
 * with several rounds, the ratios are the medians of the rounds' ratios.
 */
export function compare(runs: readonly RunRecord[]): Comparison[] {
  const ceilings = new Map(
    runs
      .filter((run) => run.server === 'ceiling')
      .map((run) => [`${run.scenario}#${run.round}`, run]),
  );
  const rounds = new Map<string, { rps: number; cpu: number }[]>();
  for (const ours of runs.filter((run) => run.server === 'ours')) {
    const ceiling = ceilings.get(`${ours.scenario}#${ours.round}`);
    if (ceiling === undefined || ours.cpuMicrosPerRequest === 0) continue;
    rounds.set(ours.scenario, [
      ...(rounds.get(ours.scenario) ?? []),
      {
        rps: ours.requestsPerSecond / ceiling.requestsPerSecond,
        cpu: ceiling.cpuMicrosPerRequest / ours.cpuMicrosPerRequest,
      },
    ]);
  }
  return [...rounds].map(([scenario, ratios]) => ({
    scenario,
    requestsPerSecondRatio: median(ratios.map((ratio) => ratio.rps)),
    cpuRatio: median(ratios.map((ratio) => ratio.cpu)),
    cpuRatioByRound: ratios.map((ratio) => ratio.cpu),
    target: KEY_TARGETS.get(scenario),
  }));
}

export function comparisonTable(comparisons: readonly Comparison[]): string {
  return formatTable(
    ['scenario', 'req/s ours÷ceiling', 'CPU/req ceiling÷ours', 'rounds (CPU)', 'target (CPU)'],
    comparisons.map((comparison) => [
      comparison.scenario,
      percent(comparison.requestsPerSecondRatio),
      percent(comparison.cpuRatio),
      comparison.cpuRatioByRound.length > 1
        ? comparison.cpuRatioByRound.map(percent).join(' ')
        : '',
      comparison.target === undefined
        ? ''
        : `≥ ${percent(comparison.target)} ${comparison.cpuRatio >= comparison.target ? 'met' : 'NOT met'}`,
    ]),
  );
}

/** Status codes of the runs that had anything but 2xx, e.g. "deep-offset (ours): 500×118". */
export function nonSuccessNotes(runs: readonly RunRecord[]): string[] {
  return runs
    .filter((run) => run.non2xx > 0 || run.errors > 0)
    .map((run) => {
      const codes = Object.entries(run.statusCounts)
        .filter(([code]) => !code.startsWith('2'))
        .map(([code, count]) => `${code}×${count}`);
      const errors = run.errors > 0 ? [`${run.errors} errors (${run.timeouts} timeouts)`] : [];
      return `${run.scenario} (${run.server}): ${[...codes, ...errors].join(', ')}`;
    });
}

/** bench/results/<timestamp>[-suffix].json; returns its path. */
export function writeResults(startedAt: Date, suffix: string, results: object): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const file = join(RESULTS_DIR, `${stamp}${suffix}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}
