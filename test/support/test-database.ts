import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { databaseSettings } from '../../src/config/database.config';
import { validateEnvironment } from '../../src/config/validate-environment';
import {
  createDatabaseIfMissing,
  dropDatabase,
  urlOfDatabase,
} from '../../src/infrastructure/database/database-admin';
import { dataSourceOptions } from '../../src/infrastructure/database/data-source-options';
import { startEmbeddedPostgres } from '../../src/infrastructure/database/embedded-postgres';
import { freePort } from './free-port';

export interface TestDatabaseServer {
  /** URL of the server's `postgres` database, for creating and dropping test databases. */
  adminUrl: string;
  stop: () => Promise<void>;
}

/**
 * The PostgreSQL the e2e suites use: the server DATABASE_URL points at, or else an embedded
 * one in a temporary folder. Under CI=true there is no fallback: CI must provide the service.
 */
export async function testDatabaseServer(): Promise<TestDatabaseServer> {
  const configured = process.env.DATABASE_URL;
  if (configured) return { adminUrl: urlOfDatabase(configured, 'postgres'), stop: async () => {} };
  if (process.env.CI === 'true') {
    throw new Error(
      'CI=true and DATABASE_URL is unset: the e2e suites need PostgreSQL and will not skip',
    );
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'conduit-test-pg-'));
  const server = await startEmbeddedPostgres({
    dataDir,
    port: await freePort(),
    persistent: false,
  });
  return { adminUrl: server.adminUrl, stop: server.stop };
}

/** A new, empty database on the test server with every migration applied; returns its URL. */
export async function createMigratedDatabase(adminUrl: string, name: string): Promise<string> {
  await createDatabaseIfMissing(adminUrl, name);
  const url = urlOfDatabase(adminUrl, name);
  const dataSource = new DataSource(
    dataSourceOptions(databaseSettings(validateEnvironment({ DATABASE_URL: url }))),
  );
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
  return url;
}

export function uniqueDatabaseName(purpose: string): string {
  return `conduit_${purpose}_${Date.now()}_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
}

export { dropDatabase };
