import { dropDatabase } from './test-database';

/** Drops the run's database and stops an embedded server if one was started. */
export default async function globalTeardown(): Promise<void> {
  const run = globalThis.conduitE2eRun;
  if (!run) return;
  await dropDatabase(run.adminUrl, run.database);
  await run.stopServer();
}
