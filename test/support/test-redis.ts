import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { RedisMemoryServer } from 'redis-memory-server';

export interface TestRedisServer {
  url: string;
  stop: () => Promise<void>;
}

/** The `redis-server` executable on PATH, if there is one. */
export function redisServerOnPath(): string | undefined {
  for (const directory of (process.env.PATH ?? '').split(delimiter)) {
    if (directory === '') continue;
    const candidate = join(directory, 'redis-server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

/**
 * The Redis the e2e suites use, as test-database.ts does for PostgreSQL: the server REDIS_URL
 * points at, else a private one started by redis-memory-server for this run (nothing kept on
 * disk, any free port). It runs the `redis-server` on PATH; without one, redis-memory-server
 * tries to download and build Redis, and when that fails too the answer is why, as a string.
 */
export async function testRedisServer(): Promise<TestRedisServer | string> {
  const configured = process.env.REDIS_URL;
  if (configured) return { url: configured, stop: async () => {} };
  const systemBinary = redisServerOnPath();
  try {
    const server = await RedisMemoryServer.create({
      binary: systemBinary === undefined ? {} : { systemBinary },
    });
    const url = `redis://${await server.getHost()}:${await server.getPort()}`;
    return {
      url,
      stop: async () => {
        await server.stop();
      },
    };
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    return `REDIS_URL is unset and no Redis server could be started (${
      systemBinary === undefined ? 'no redis-server on PATH' : `${systemBinary} failed`
    }: ${cause.split('\n')[0]})`;
  }
}
