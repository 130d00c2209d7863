import { createMigratedDatabase, testDatabaseServer, uniqueDatabaseName } from './test-database';
import type { E2eRun } from './e2e-run';

/**
 * Runs once before the e2e suites: a fresh database with the migrations applied.
 * Its URL reaches every test worker through process.env.DATABASE_URL.
 */
export default async function globalSetup(): Promise<void> {
  const server = await testDatabaseServer();
  const database = uniqueDatabaseName('e2e');
  process.env.DATABASE_URL = await createMigratedDatabase(server.adminUrl, database);
  process.env.NODE_ENV = 'test';
  const run: E2eRun = { adminUrl: server.adminUrl, database, stopServer: server.stop };
  globalThis.conduitE2eRun = run;
}
