import { parseArgs } from 'node:util';
import { SCENARIO_NAMES } from './scenarios';

/** What the seeder is asked for: the dataset a run measures. */
export interface SeedSizes {
  users: number;
  articles: number;
  favorites: number;
  follows: number;
  tags: number;
  seed: number;
}

export interface BenchFlags {
  sizes: SeedSizes;
  /** Scenario names to run; all of them when --only is not given. */
  only: readonly string[];
  durationSeconds: number;
  /** Unmeasured load on hot reads right after each server is ready (JIT, pools, caches). */
  warmupSeconds: number;
  /** Unmeasured load before each repeatable scenario. */
  scenarioWarmupSeconds: number;
  readConnections: number;
  signedInConnections: number;
  writeConnections: number;
  ceiling: boolean;
  /**
   * Rounds of the target scenarios (by-slug cached and uncached) against both servers, which
   * go first in turn; the report takes each server's median run and the median round's ratio.
   */
  rounds: number;
  /** Runs ours under `node --cpu-prof`, for `npm run bench:profile`. */
  profile: boolean;
  reseed: boolean;
  scale: boolean;
  scaleArticles: readonly number[];
  help: boolean;
}

/** A flag the harness cannot use: the message names the flag and the value. */
export class BadFlag extends Error {}

/** The issue's default dataset. */
export const DEFAULT_SIZES: SeedSizes = {
  users: 10_000,
  articles: 100_000,
  favorites: 500_000,
  follows: 50_000,
  tags: 20,
  seed: 1,
};

export const DEFAULT_SCALE_ARTICLES = [10_000, 100_000, 1_000_000] as const;

/** The seed CLI's own limits (src/cli/seed.command.ts), checked here so a bad size fails at once. */
const MAX_USERS = 1_000_000;
const MAX_ROWS = 10_000_000;
const MAX_TAGS = 10_000;
const MAX_SEED = 1_000_000_000;

export const USAGE = `Usage: npm run bench -- [options]

Builds the app, seeds (or reuses) a database, starts the built API and a bare Fastify
"ceiling" pinned to core 0, and runs autocannon scenarios from core 1.

Dataset (a database is seeded once per distinct set of sizes and reused):
  --users <n>                 users (default ${DEFAULT_SIZES.users})
  --articles <n>              articles (default ${DEFAULT_SIZES.articles})
  --favorites <n>             favorites (default ${DEFAULT_SIZES.favorites})
  --follows <n>               follows (default ${DEFAULT_SIZES.follows})
  --tags <n>                  distinct tags (default ${DEFAULT_SIZES.tags})
  --seed <n>                  seeder's random seed (default ${DEFAULT_SIZES.seed})
  --reseed                    drop and seed the database again

Load:
  --only <a,b,...>            run only these scenarios: ${SCENARIO_NAMES.join(', ')}
  --duration <s>              measured seconds per scenario (default 10)
  --warmup <s>                unmeasured seconds of hot reads after boot (default 5)
  --scenario-warmup <s>       unmeasured seconds before each repeatable scenario (default 2)
  --connections <n>           connections for anonymous reads and by-slug (default 50)
  --signed-in-connections <n> connections for signed-in lists and the feed (default 20)
  --write-connections <n>     connections for writes and login (default 10)
  --no-ceiling                skip the bare Fastify ceiling
  --rounds <n>                rounds of the target scenarios (by-slug cached and uncached),
                              the servers taking turns to go first; medians are reported
                              (default 3)
  --profile                   run ours under node --cpu-prof (.data/bench/profiles/); then
                              npm run bench:profile -- --scenario <name> shows where its time went

Scale:
  --scale                     seed ~50 articles and 5 follows per user, 1 favorite per article,
                              at each size of --scale-articles, and measure the lists at
                              offset 0 and deep (signed in)
  --scale-articles <a,b,...>  dataset sizes in articles (default ${DEFAULT_SCALE_ARTICLES.join(',')})

  --help                      this text

DATABASE_URL: bench databases are created on that server (else an embedded PostgreSQL with
data in .data/bench-postgres). REDIS_URL: used with a key prefix of its own (else a private
redis-server). Results: bench/results/<timestamp>.json.`;

function wholeNumber(flag: string, value: string, min: number, max: number): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(number) || number < min || number > max) {
    throw new BadFlag(
      `${flag} '${value}' is invalid: must be a whole number from ${min} to ${max}`,
    );
  }
  return number;
}

function optionalNumber(
  flag: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  return value === undefined ? fallback : wholeNumber(flag, value, min, max);
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function scenarioNames(value: string | undefined): string[] {
  if (value === undefined) return [...SCENARIO_NAMES];
  const names = list(value);
  const unknown = names.filter((name) => !SCENARIO_NAMES.includes(name));
  if (names.length === 0 || unknown.length > 0) {
    throw new BadFlag(
      `--only '${value}' is invalid: ${unknown.length > 0 ? `unknown scenario ${unknown.map((name) => `'${name}'`).join(', ')}` : 'no scenario named'}; choose from ${SCENARIO_NAMES.join(', ')}`,
    );
  }
  return names;
}

function scaleArticles(value: string | undefined): number[] {
  if (value === undefined) return [...DEFAULT_SCALE_ARTICLES];
  const sizes = list(value).map((item) => wholeNumber('--scale-articles', item, 50, MAX_ROWS));
  if (sizes.length === 0)
    throw new BadFlag(`--scale-articles '${value}' is invalid: no size given`);
  return [...new Set(sizes)].toSorted((a, b) => a - b);
}

/** The seeder refuses these (exit 1); refusing them here says which flag to change. */
function checkSizes(sizes: SeedSizes): void {
  if (sizes.favorites > sizes.users * sizes.articles) {
    throw new BadFlag(
      `--favorites '${sizes.favorites}' is invalid: at most users × articles (${sizes.users * sizes.articles})`,
    );
  }
  if (sizes.follows > sizes.users * (sizes.users - 1)) {
    throw new BadFlag(
      `--follows '${sizes.follows}' is invalid: at most users × (users - 1) (${sizes.users * (sizes.users - 1)})`,
    );
  }
}

/** Node's parser reports unknown options and missing values; its message names the flag. */
function parse(argv: readonly string[]): ReturnType<typeof parseWithNode> {
  try {
    return parseWithNode(argv);
  } catch (error) {
    throw new BadFlag(error instanceof Error ? error.message : String(error));
  }
}

function parseWithNode(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      users: { type: 'string' },
      articles: { type: 'string' },
      favorites: { type: 'string' },
      follows: { type: 'string' },
      tags: { type: 'string' },
      seed: { type: 'string' },
      reseed: { type: 'boolean', default: false },
      only: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      'scenario-warmup': { type: 'string' },
      connections: { type: 'string' },
      'signed-in-connections': { type: 'string' },
      'write-connections': { type: 'string' },
      'no-ceiling': { type: 'boolean', default: false },
      rounds: { type: 'string' },
      profile: { type: 'boolean', default: false },
      scale: { type: 'boolean', default: false },
      'scale-articles': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
}

/** Parses the command line; throws BadFlag naming the flag and value it cannot use. */
export function parseFlags(argv: readonly string[]): BenchFlags {
  const { values } = parse(argv);
  const sizes: SeedSizes = {
    users: optionalNumber('--users', values.users, DEFAULT_SIZES.users, 1, MAX_USERS),
    articles: optionalNumber('--articles', values.articles, DEFAULT_SIZES.articles, 1, MAX_ROWS),
    favorites: optionalNumber(
      '--favorites',
      values.favorites,
      DEFAULT_SIZES.favorites,
      0,
      MAX_ROWS,
    ),
    follows: optionalNumber('--follows', values.follows, DEFAULT_SIZES.follows, 0, MAX_ROWS),
    tags: optionalNumber('--tags', values.tags, DEFAULT_SIZES.tags, 1, MAX_TAGS),
    seed: optionalNumber('--seed', values.seed, DEFAULT_SIZES.seed, 0, MAX_SEED),
  };
  checkSizes(sizes);
  return {
    sizes,
    only: scenarioNames(values.only),
    durationSeconds: optionalNumber('--duration', values.duration, 10, 1, 600),
    warmupSeconds: optionalNumber('--warmup', values.warmup, 5, 0, 600),
    scenarioWarmupSeconds: optionalNumber('--scenario-warmup', values['scenario-warmup'], 2, 0, 60),
    readConnections: optionalNumber('--connections', values.connections, 50, 1, 1000),
    signedInConnections: optionalNumber(
      '--signed-in-connections',
      values['signed-in-connections'],
      20,
      1,
      1000,
    ),
    writeConnections: optionalNumber(
      '--write-connections',
      values['write-connections'],
      10,
      1,
      1000,
    ),
    ceiling: !values['no-ceiling'],
    rounds: optionalNumber('--rounds', values.rounds, 3, 1, 15),
    profile: values.profile,
    reseed: values.reseed,
    scale: values.scale,
    scaleArticles: scaleArticles(values['scale-articles']),
    help: values.help,
  };
}
