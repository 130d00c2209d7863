import { randomBytes } from 'node:crypto';
import { createMigratedDatabase, testDatabaseServer, uniqueDatabaseName } from './test-database';
import type { E2eRun } from './e2e-run';
import { assertRedisReachable, REDIS_UNAVAILABLE_REASON } from './redis';
import { testRedisServer } from './test-redis';

const nothingToStop = async (): Promise<void> => {};

/**
 * Runs once before the e2e suites: a fresh database with the migrations applied, and a Redis
 * (REDIS_URL's, or a private one). Their URLs reach every test worker through process.env.
 */
export default async function globalSetup(): Promise<void> {
  const server = await testDatabaseServer();
  const database = uniqueDatabaseName('e2e');
  process.env.DATABASE_URL = await createMigratedDatabase(server.adminUrl, database);
  process.env.NODE_ENV = 'test';
  // Request lines would drown the test output; suites that read logs set their own level.
  process.env.LOG_LEVEL ??= 'warn';
  // Every suite shares 127.0.0.1 as its client address: limits are for the suites that test them.
  process.env.THROTTLE_LIMIT ??= '1000000';
  process.env.AUTH_THROTTLE_LIMIT ??= '1000000';
  // Instances started by the suites trust each other's tokens, as replicas do.
  process.env.JWT_SECRET ??= randomBytes(48).toString('base64url');
  // Keys of this run stay apart from other runs and deployments sharing the Redis.
  process.env.REDIS_KEY_PREFIX = `conduit-test-${database}:`;
  const redis = await testRedisServer();
  if (typeof redis === 'string') {
    if (process.env.CI === 'true') {
      throw new Error(`CI=true: ${redis}; the Redis suites will not skip`);
    }
    process.env[REDIS_UNAVAILABLE_REASON] = redis;
  } else {
    await assertRedisReachable(redis.url);
    process.env.REDIS_URL = redis.url;
  }
  const run: E2eRun = {
    adminUrl: server.adminUrl,
    database,
    stopServer: server.stop,
    stopRedis: typeof redis === 'string' ? nothingToStop : redis.stop,
  };
  globalThis.conduitE2eRun = run;
}
