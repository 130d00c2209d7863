import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeScaleChart } from './chart';
import { DEFAULT_SIZES, type SeedSizes } from './cli-flags';
import { DEEP_CURSOR_PAGE, deepCursor, deepestOffset, scaleReader } from './fixtures';
import { LoadGenerator } from './load/load-generator';
import { measure, warm, type RunRecord } from './measure';
import { prepareBenchDatabase } from './provision/bench-database';
import {
  formatTable,
  machineInfo,
  nonSuccessNotes,
  RUN_HEADER,
  runRow,
  writeResults,
} from './report';
import type { RunContext } from './run-suite';
import { listPath } from './scenarios';
import type { RunningServer } from './server-process';
import { newSecrets, productionEnvironment, startOurs, type ServerSettings } from './servers';

/** The dataset's shape at every size: ~50 articles and 5 follows per user, a favorite per article. */
const ARTICLES_PER_USER = 50;
const FOLLOWS_PER_USER = 5;
const FAVORITES_PER_ARTICLE = 1;

export const SCALE_QUERIES = ['list', 'by-tag', 'by-favorited', 'feed'] as const;
export type ScaleQuery = (typeof SCALE_QUERIES)[number];

export interface ScaleRun extends RunRecord {
  query: ScaleQuery;
  offset: number;
}

export interface ScalePoint {
  articles: number;
  sizes: SeedSizes;
  database: string;
  seededSeconds: number | undefined;
  deepOffset: number;
  bootMs: number;
  runs: ScaleRun[];
  /** The list at page 5,000 by cursor (not part of the chart's offset series). */
  cursorRuns: RunRecord[];
}

export function scaleSizes(articles: number): SeedSizes {
  const users = Math.max(2, Math.round(articles / ARTICLES_PER_USER));
  return {
    users,
    articles,
    favorites: Math.min(articles * FAVORITES_PER_ARTICLE, users * articles),
    follows: Math.min(users * FOLLOWS_PER_USER, users * (users - 1)),
    tags: DEFAULT_SIZES.tags,
    seed: DEFAULT_SIZES.seed,
  };
}

function pathOf(
  query: ScaleQuery,
  offset: number,
  reader: { tag: string; favoriter: string },
): string {
  const page: Record<string, number> = offset === 0 ? {} : { offset };
  const paths: Record<ScaleQuery, string> = {
    list: listPath(page),
    'by-tag': listPath({ tag: reader.tag, ...page }),
    'by-favorited': listPath({ favorited: reader.favoriter, ...page }),
    feed: offset === 0 ? '/api/articles/feed' : `/api/articles/feed?offset=${offset}`,
  };
  return paths[query];
}

async function measureSize(
  context: RunContext,
  load: LoadGenerator,
  server: RunningServer,
  databaseUrl: string,
): Promise<{ deepOffset: number; runs: ScaleRun[]; cursorRuns: RunRecord[] }> {
  const { flags } = context;
  const reader = await scaleReader(databaseUrl, server.baseUrl);
  const headers = { authorization: `Token ${reader.token}` };
  const deepOffset = await deepestOffset(server.baseUrl, reader.token);
  const runs: ScaleRun[] = [];
  for (const query of SCALE_QUERIES) {
    for (const offset of [0, deepOffset]) {
      const spec = {
        plan: { method: 'GET' as const, paths: [pathOf(query, offset, reader)], headers },
        connections: flags.signedInConnections,
        durationSeconds: flags.durationSeconds,
        once: false,
      };
      await warm(load, server, { ...spec, durationSeconds: flags.scenarioWarmupSeconds });
      const run = await measure(load, server, `${query} @${offset}`, spec);
      runs.push({ ...run, query, offset });
      console.log(
        `  ${run.scenario.padEnd(20)} ${Math.round(run.requestsPerSecond).toString().padStart(6)} req/s  p50 ${run.latencyMs.p50.toFixed(1)} ms  p99 ${run.latencyMs.p99.toFixed(1)} ms  non-2xx ${run.non2xx}  errors ${run.errors}`,
      );
    }
  }
  // Page 5,000 of the list by cursor, next to the deepest offset the API allows: kept apart
  // from `runs` (the chart's offset series).
  const cursorPlan = {
    method: 'GET' as const,
    paths: [listPath({ cursor: await deepCursor(databaseUrl) })],
    headers,
  };
  const cursorSpec = {
    plan: cursorPlan,
    connections: flags.signedInConnections,
    durationSeconds: flags.durationSeconds,
    once: false,
  };
  await warm(load, server, { ...cursorSpec, durationSeconds: flags.scenarioWarmupSeconds });
  const cursorRun = await measure(
    load,
    server,
    `list @page ${DEEP_CURSOR_PAGE} by cursor`,
    cursorSpec,
  );
  console.log(
    `  ${cursorRun.scenario.padEnd(20)} ${Math.round(cursorRun.requestsPerSecond).toString().padStart(6)} req/s  p50 ${cursorRun.latencyMs.p50.toFixed(1)} ms  p99 ${cursorRun.latencyMs.p99.toFixed(1)} ms  non-2xx ${cursorRun.non2xx}  errors ${cursorRun.errors}`,
  );
  return { deepOffset, runs, cursorRuns: [cursorRun] };
}

/**
 * `--scale`: the same lists (signed in, so nothing comes from the cache) at offset 0 and at the
 * deepest offset, over datasets of growing size, each in its own (reused) database.
 */
export async function runScale(context: RunContext): Promise<void> {
  const { flags } = context;
  const before = machineInfo();
  const secrets = newSecrets();
  const load = await LoadGenerator.start();
  const points: ScalePoint[] = [];
  for (const articles of flags.scaleArticles) {
    const sizes = scaleSizes(articles);
    const logDir = join(context.logDir, `scale-${articles}`);
    mkdirSync(logDir, { recursive: true });
    const base = { redis: context.redis, ...secrets, logDir };
    const database = await prepareBenchDatabase(context.postgres.adminUrl, sizes, {
      reseed: flags.reseed,
      appEnv: productionEnvironment({ ...base, databaseUrl: context.postgres.adminUrl }),
    });
    const settings: ServerSettings = { ...base, databaseUrl: database.url };
    const server = await startOurs(settings);
    console.log(`bench: ${articles} articles: ours ready in ${Math.round(server.bootMs)} ms`);
    try {
      await warm(load, server, {
        plan: { method: 'GET', paths: [listPath({})], headers: {} },
        connections: flags.readConnections,
        durationSeconds: flags.warmupSeconds,
        once: false,
      });
      const measured = await measureSize(context, load, server, database.url);
      points.push({
        articles,
        sizes,
        database: database.name,
        seededSeconds: database.seededSeconds,
        bootMs: server.bootMs,
        ...measured,
      });
    } finally {
      await server.stop();
    }
  }
  const rows = points.flatMap((point) =>
    [...point.runs, ...point.cursorRuns].map((run) =>
      runRow(run, `${point.articles} ${run.scenario}`),
    ),
  );
  console.log(`\n${formatTable(RUN_HEADER, rows)}`);
  const notes = nonSuccessNotes(points.flatMap((point) => point.runs));
  if (notes.length > 0) console.log(`\nNot 2xx or failed:\n  ${notes.join('\n  ')}`);
  const file = writeResults(context.startedAt, '-scale', {
    kind: 'scale',
    startedAt: context.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: { ...before, loadAverageAfter: machineInfo().loadAverage },
    flags,
    postgres: context.postgres.description,
    redis: context.redis.description,
    points,
  });
  console.log(`Results: ${file}`);
  console.log(`Chart: ${writeScaleChart(file)}`);
}
