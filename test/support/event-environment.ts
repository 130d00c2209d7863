import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dropDatabase, urlOfDatabase } from '../../src/infrastructure/database/database-admin';
import { createMigratedDatabase, uniqueDatabaseName } from './test-database';

/**
 * A database and a Redis key prefix of a suite's own, for suites that deliver events: a relay
 * moves every outbox row of its database, so suites sharing one would take each other's events.
 * Pass `env` to withEnv (or a spawned process); call `dispose` in afterAll.
 */
export interface EventEnvironment {
  env: Record<string, string>;
  databaseUrl: string;
  keyPrefix: string;
  /** A plain connection to the suite's database, for asserting on rows. */
  db: DataSource;
  dispose(): Promise<void>;
}

export async function createEventEnvironment(purpose: string): Promise<EventEnvironment> {
  const shared = process.env.DATABASE_URL;
  if (shared === undefined) throw new Error('DATABASE_URL is unset: global-setup sets it');
  const adminUrl = urlOfDatabase(shared, 'postgres');
  const name = uniqueDatabaseName(purpose);
  const databaseUrl = await createMigratedDatabase(adminUrl, name);
  const keyPrefix = `conduit-test-${purpose}-${randomUUID().slice(0, 8)}:`;
  const db = new DataSource({ type: 'postgres', url: databaseUrl, extra: { max: 4 } });
  await db.initialize();
  return {
    env: { DATABASE_URL: databaseUrl, REDIS_KEY_PREFIX: keyPrefix },
    databaseUrl,
    keyPrefix,
    db,
    async dispose() {
      await db.destroy();
      await dropDatabase(adminUrl, name);
    },
  };
}

/** Polls `read` until `done` holds of its value, or fails with the last value seen. */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `Condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
