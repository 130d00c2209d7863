import { join } from 'node:path';
import { createDatabaseIfMissing, urlOfDatabase } from './database-admin';
import { startEmbeddedPostgres, type RunningPostgres } from './embedded-postgres';

// Both src/infrastructure/database and dist/infrastructure/database are three levels below the project.
const DATA_DIR = join(__dirname, '..', '..', '..', '.data', 'postgres');
const PORT = 54329;
const DATABASE = 'conduit';

export interface DevelopmentDatabase {
  url: string;
  dataDir: string;
  stop: RunningPostgres['stop'];
}

/** `npm start` without DATABASE_URL: a real PostgreSQL whose data survives restarts. */
export async function startDevelopmentDatabase(): Promise<DevelopmentDatabase> {
  const server = await startEmbeddedPostgres({ dataDir: DATA_DIR, port: PORT, persistent: true });
  await createDatabaseIfMissing(server.adminUrl, DATABASE);
  return { url: urlOfDatabase(server.adminUrl, DATABASE), dataDir: DATA_DIR, stop: server.stop };
}
