import { dropDatabase } from './test-database';

/** Drops the run's database and stops the servers global setup started, if any. */
export default async function globalTeardown(): Promise<void> {
  const run = globalThis.conduitE2eRun;
  if (!run) return;
  await dropDatabase(run.adminUrl, run.database);
  await run.stopServer();
  await run.stopRedis();
}
