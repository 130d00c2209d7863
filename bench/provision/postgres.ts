import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../src/infrastructure/database/embedded-postgres';
import { onCleanup } from '../processes';
import { freePort } from './free-port';
import { pinPostgresToLoadCore } from './pin';
import { BENCH_DATA_DIR, PROJECT_ROOT } from './paths';

export interface PostgresServer {
  /** A database on the server through which bench databases are created and dropped. */
  adminUrl: string;
  /** For the report: which server, never its credentials. */
  description: string;
}

/**
 * DATABASE_URL set: the bench databases are created on that server (its own database is left
 * alone). Unset: an embedded PostgreSQL, as `npm start` uses, with its data kept in
 * .data/bench-postgres so that seeded databases survive from one run to the next, on the load
 * generator's core.
 */
export async function provisionPostgres(): Promise<PostgresServer> {
  const configured = process.env.DATABASE_URL;
  if (configured !== undefined && configured !== '') {
    const url = new URL(configured);
    return { adminUrl: configured, description: `DATABASE_URL's server (${url.host})` };
  }
  const dataDir = join(PROJECT_ROOT, '.data', 'bench-postgres');
  const logFile = join(BENCH_DATA_DIR, 'postgres.log');
  const port = await freePort();
  console.log(`bench: DATABASE_URL unset: starting an embedded PostgreSQL (data in ${dataDir})`);
  const server = await startEmbeddedPostgres({
    dataDir,
    port,
    persistent: true,
    onLog: (line) => appendFileSync(logFile, `${line}\n`),
  });
  onCleanup('embedded PostgreSQL', () => server.stop());
  pinPostgresToLoadCore(dataDir);
  return {
    adminUrl: server.adminUrl,
    description: `embedded PostgreSQL on 127.0.0.1:${port}, data in .data/bench-postgres`,
  };
}
