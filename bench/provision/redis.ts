import { Redis } from 'ioredis';
import { RedisMemoryServer } from 'redis-memory-server';
import { redisServerOnPath } from '../../test/support/test-redis';
import { onCleanup } from '../processes';
import { pinToLoadCore } from './pin';

export interface RedisServer {
  url: string;
  /** REDIS_KEY_PREFIX of the API and the ceiling: every key of this run starts with it. */
  keyPrefix: string;
  description: string;
}

/** Deletes every key under the prefix, a batch at a time (a shared Redis keeps nothing of ours). */
export async function deleteKeys(url: string, pattern: string): Promise<number> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    } while (cursor !== '0');
    return deleted;
  } finally {
    redis.disconnect();
  }
}

/**
 * REDIS_URL set: that Redis, with a key prefix of this run's own (`conduit-bench:<run>:`),
 * whose keys are deleted at the end. Unset: a private redis-server from redis-memory-server,
 * on a free port and the load generator's core, stopped at the end.
 */
export async function provisionRedis(runId: string): Promise<RedisServer> {
  const keyPrefix = `conduit-bench:${runId}:`;
  const configured = process.env.REDIS_URL;
  if (configured !== undefined && configured !== '') {
    onCleanup('bench keys in REDIS_URL', async () => {
      await deleteKeys(configured, `${keyPrefix}*`);
    });
    return { url: configured, keyPrefix, description: `REDIS_URL, keys under ${keyPrefix}` };
  }
  const systemBinary = redisServerOnPath();
  if (systemBinary === undefined) {
    throw new Error(
      'REDIS_URL is unset and there is no redis-server on PATH to start a private one: install Redis or set REDIS_URL',
    );
  }
  const server = await RedisMemoryServer.create({
    binary: { systemBinary },
    instance: { ip: '127.0.0.1' },
  });
  onCleanup('private redis-server', async () => {
    await server.stop();
  });
  const instance = server.getInstanceInfo();
  const pid = instance === false ? undefined : instance.childProcess?.pid;
  if (pid !== undefined) pinToLoadCore(pid);
  const url = `redis://${await server.getHost()}:${await server.getPort()}`;
  return { url, keyPrefix, description: `private redis-server (${systemBinary}) at ${url}` };
}
