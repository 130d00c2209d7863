import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { RunRecord } from './measure';
import { RESULTS_DIR } from './provision/paths';
import { formatTable } from './report';
import { PROFILE_DIR } from './servers';

/**
 * npm run bench:profile -- --scenario <name> [--profile <file>] [--results <file>] [--top <n>]
 *
 * Where ours spent its CPU during one scenario of a `npm run bench -- --profile` run: the
 * samples of the V8 profile (node --cpu-prof) inside that scenario's measured window, summed by
 * package (self time, and time with the package anywhere on the stack) and by function.
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

interface SuiteResults {
  runs: RunRecord[];
}

const USAGE =
  'Usage: npm run bench:profile -- --scenario <name> [--server ours|ceiling] [--profile <file.cpuprofile>] [--results <file.json>] [--top <n>]';

function newest(dir: string, suffix: string, prefix = ''): string {
  // Names hold a timestamp; --scale results are another shape and are left out.
  const files = readdirSync(dir)
    .filter(
      (name) => name.startsWith(prefix) && name.endsWith(suffix) && !name.endsWith('-scale.json'),
    )
    .toSorted();
  const last = files.at(-1);
  if (last === undefined) throw new Error(`no ${suffix} file in ${dir}`);
  return join(dir, last);
}

/** Where a frame's code lives: a package, our own code, Node itself, or V8's bookkeeping. */
function owner(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules !== -1) {
    const [first = '', second = ''] = url.slice(modules + 'node_modules/'.length).split('/');
    return first.startsWith('@') ? `${first}/${second}` : first;
  }
  if (url.startsWith('node:')) return url.replace(/^node:(internal\/)?/, 'node:').split('/')[0];
  const dist = url.indexOf('/dist/');
  if (dist !== -1) {
    const [area = '', part = ''] = url.slice(dist + '/dist/'.length).split('/');
    return `ours:${area}/${part.replace(/\.js$/, '')}`;
  }
  return url;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${((100 * part) / whole).toFixed(1)}%`;
}

function top(counts: Map<string, number>, total: number, n: number): string[][] {
  return [...counts.entries()]
    .toSorted((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, count]) => [name, percent(count, total)]);
}

function add(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function summarise(profile: CpuProfile, fromMs: number, toMs: number, n: number): void {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parentOf.set(child, node.id);
  const selfByOwner = new Map<string, number>();
  const totalByOwner = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  let elapsedUs = 0;
  let counted = 0;
  profile.samples.forEach((id, index) => {
    elapsedUs += profile.timeDeltas[index] ?? 0;
    const atMs = elapsedUs / 1000;
    const node = byId.get(id);
    if (atMs < fromMs || atMs > toMs || node === undefined) return;
    if (node.callFrame.functionName === '(idle)') return;
    counted += 1;
    const frame = node.callFrame;
    add(selfByOwner, owner(frame));
    add(
      selfByFunction,
      `${frame.functionName || '(anonymous)'} ${owner(frame)}:${frame.lineNumber + 1}`,
    );
    const onStack = new Set<string>();
    for (
      let current: number | undefined = id;
      current !== undefined;
      current = parentOf.get(current)
    ) {
      const frameOnStack = byId.get(current)?.callFrame;
      if (frameOnStack !== undefined) onStack.add(owner(frameOnStack));
    }
    for (const name of onStack) add(totalByOwner, name);
  });
  console.log(`${counted} busy samples between ${Math.round(fromMs)} and ${Math.round(toMs)} ms\n`);
  console.log(formatTable(['self time, by owner', 'share'], top(selfByOwner, counted, n)));
  console.log(
    `\n${formatTable(['on the stack, by owner', 'share'], top(totalByOwner, counted, n))}`,
  );
  console.log(
    `\n${formatTable(['self time, by function', 'share'], top(selfByFunction, counted, n))}`,
  );
}

function main(): number {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string' },
      server: { type: 'string', default: 'ours' },
      profile: { type: 'string' },
      results: { type: 'string' },
      top: { type: 'string', default: '25' },
    },
  });
  const n = Number(values.top);
  if (values.scenario === undefined || !Number.isInteger(n) || n < 1) {
    console.error(USAGE);
    return 2;
  }
  const server = values.server;
  if (server !== 'ours' && server !== 'ceiling') {
    console.error(`--server '${server}' is invalid: ours or ceiling`);
    return 2;
  }
  const profileFile = values.profile ?? newest(PROFILE_DIR, '.cpuprofile', `${server}-`);
  const resultsFile = values.results ?? newest(RESULTS_DIR, '.json');
  // oxlint-disable-next-line typescript/no-unsafe-type-assertion -- node --cpu-prof's format
  const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as CpuProfile;
  // oxlint-disable-next-line typescript/no-unsafe-type-assertion -- our own results file
  const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as SuiteResults;
  const run = results.runs.find(
    (candidate) => candidate.server === server && candidate.scenario === values.scenario,
  );
  if (run === undefined || run.windowMs === undefined) {
    console.error(`${resultsFile} has no measured window of ${server} for '${values.scenario}'`);
    return 2;
  }
  console.log(
    `${profileFile}\n${resultsFile}: ${run.scenario}, ${Math.round(run.requestsPerSecond)} req/s, ${Math.round(run.cpuMicrosPerRequest)} µs CPU/req`,
  );
  summarise(profile, run.windowMs[0], run.windowMs[1], n);
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(`bench:profile: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
