import { join } from 'node:path';
import { Client } from 'pg';
import {
  createDatabaseIfMissing,
  dropDatabase,
  urlOfDatabase,
} from '../../src/infrastructure/database/database-admin';
import type { SeedSizes } from '../cli-flags';
import { runCommand } from '../processes';
import { PROJECT_ROOT } from './paths';

export interface BenchDatabase {
  name: string;
  url: string;
  /** Seconds the seeder took in this run; undefined when a seeded database was reused. */
  seededSeconds: number | undefined;
}

/** One database per dataset, named by its sizes, so that a seeded one is found and reused. */
export function databaseName(sizes: SeedSizes): string {
  return `conduit_bench_${sizes.articles}a_${sizes.users}u_${sizes.favorites}f_${sizes.follows}fo_${sizes.tags}t_s${sizes.seed}`;
}

/** Written as the database's comment once seeding and VACUUM have finished. */
function seededMarker(sizes: SeedSizes): string {
  return `conduit bench: seeded ${JSON.stringify(sizes)}`;
}

const SEED_TIMEOUT_MS = 60 * 60_000;

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function databaseComment(adminUrl: string, name: string): Promise<string | null> {
  return withClient(adminUrl, async (client) => {
    const result = await client.query<{ comment: string | null }>(
      `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
      [name],
    );
    return result.rows[0]?.comment ?? null;
  });
}

/** As production does it: the compiled migrations, their own step (`npm run migration:run:prod`). */
async function migrate(url: string): Promise<void> {
  await runCommand(
    process.execPath,
    [
      join('node_modules', 'typeorm', 'cli.js'),
      'migration:run',
      '-d',
      join('dist', 'infrastructure', 'database', 'data-source.js'),
    ],
    {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: url },
      label: 'migration:run',
      timeoutMs: 5 * 60_000,
    },
  );
}

async function seed(url: string, sizes: SeedSizes, appEnv: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  // Its generated rows are held in memory before the insert: give 1M articles room.
  const output = await runCommand(
    process.execPath,
    [
      '--max-old-space-size=8192',
      join('dist', 'cli.js'),
      'seed',
      '--users',
      String(sizes.users),
      '--articles',
      String(sizes.articles),
      '--favorites',
      String(sizes.favorites),
      '--follows',
      String(sizes.follows),
      '--tags',
      String(sizes.tags),
      '--seed',
      String(sizes.seed),
    ],
    {
      cwd: PROJECT_ROOT,
      env: { ...appEnv, DATABASE_URL: url },
      label: 'node dist/cli.js seed',
      timeoutMs: SEED_TIMEOUT_MS,
    },
  );
  console.log(output.trim().replace(/^/gm, '  '));
  return (performance.now() - started) / 1000;
}

/**
 * The seeded database for `sizes`: reused when a previous run finished seeding it (its
 * comment says so), else (re)created, migrated, seeded by the CLI and vacuumed.
 */
export async function prepareBenchDatabase(
  adminUrl: string,
  sizes: SeedSizes,
  options: { reseed: boolean; appEnv: NodeJS.ProcessEnv },
): Promise<BenchDatabase> {
  const name = databaseName(sizes);
  const url = urlOfDatabase(adminUrl, name);
  const marker = seededMarker(sizes);
  if (!options.reseed && (await databaseComment(adminUrl, name)) === marker) {
    console.log(`bench: reusing the seeded database ${name} (--reseed to seed it again)`);
    await migrate(url);
    return { name, url, seededSeconds: undefined };
  }
  // Absent, half-made (a run stopped while seeding) or --reseed: start from nothing.
  await dropDatabase(adminUrl, name);
  await createDatabaseIfMissing(adminUrl, name);
  await migrate(url);
  console.log(
    `bench: seeding ${name} (${sizes.users} users, ${sizes.articles} articles, ${sizes.favorites} favorites, ${sizes.follows} follows)…`,
  );
  const seededSeconds = await seed(url, sizes, options.appEnv);
  await withClient(url, async (client) => {
    // The seeder ANALYZEs; VACUUM also sets the visibility map, as autovacuum would have done
    // by the time a real database serves traffic, so that it does not start during the run.
    await client.query('VACUUM (ANALYZE)');
  });
  await withClient(adminUrl, async (client) => {
    await client.query(
      `COMMENT ON DATABASE ${client.escapeIdentifier(name)} IS ${client.escapeLiteral(marker)}`,
    );
  });
  return { name, url, seededSeconds };
}
