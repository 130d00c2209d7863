import {
  dropDatabase,
  urlOfDatabase,
  withClient,
} from '../src/infrastructure/database/database-admin';
import { onCleanup } from '../bench/processes';

/** The role the drill's processes log in as: its own default statement_timeout, as README says. */
export const DRILL_ROLE = 'conduit_drill';
export const STATEMENT_TIMEOUT_MS = 5_000;

export interface DrillDatabase {
  /** A superuser's URL of the server's `postgres` database. */
  adminUrl: string;
  name: string;
  host: string;
  port: number;
  /** DRILL_ROLE's direct URL of the drill's database (migrations, checks). */
  directUrl: string;
}

/**
 * A database of the drill's own on the machine's PostgreSQL (DRILL_DATABASE_URL, else
 * DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres), owned by DRILL_ROLE, whose
 * role-level statement_timeout is what PgBouncer's server connections start with. Dropped at the end.
 */
export async function createDrillDatabase(runId: string): Promise<DrillDatabase> {
  const configured =
    process.env.DRILL_DATABASE_URL ??
    process.env.DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/postgres';
  const adminUrl = urlOfDatabase(configured, 'postgres');
  const name = `conduit_drill_${runId}`;
  await withClient(adminUrl, async (client) => {
    const role = client.escapeIdentifier(DRILL_ROLE);
    const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [DRILL_ROLE]);
    if (exists.rowCount === 0) await client.query(`CREATE ROLE ${role} LOGIN`);
    await client.query(`ALTER ROLE ${role} SET statement_timeout = '${STATEMENT_TIMEOUT_MS}ms'`);
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)} OWNER ${role}`);
  });
  onCleanup(`database ${name}`, () => dropDatabase(adminUrl, name));
  const url = new URL(urlOfDatabase(adminUrl, name));
  url.username = DRILL_ROLE;
  url.password = '';
  return {
    adminUrl,
    name,
    host: url.hostname,
    port: Number(url.port || 5432),
    directUrl: url.toString(),
  };
}

/** One query on the drill's database, over a direct connection of its own. */
export function queryDrillDatabase<T>(
  database: DrillDatabase,
  sql: string,
  parameters: unknown[] = [],
): Promise<T[]> {
  return withClient(database.directUrl, async (client) => {
    const result = await client.query(sql, parameters);
    // pg types rows loosely; each caller states the shape its SQL selects.
    // oxlint-disable-next-line typescript/no-unsafe-type-assertion
    return result.rows as T[];
  });
}
