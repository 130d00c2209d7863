import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Cluster, Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { eventKeys } from '../src/config/events.config';
import { AppCache } from '../src/infrastructure/cache/app-cache';
import { ConduitClient } from './support/conduit-client';
import { withEnv } from './support/redis';
import { startRedisCluster, type LocalRedisCluster } from './support/redis-cluster';
import { startTestApp } from './support/test-app';

const LIMIT = 5;

/** Every key under `prefix` on every master of the cluster. */
async function keysOnEachNode(cluster: LocalRedisCluster, prefix: string): Promise<string[][]> {
  return Promise.all(
    cluster.ports.map(async (port) => {
      const node = new Redis(port, '127.0.0.1');
      try {
        return await node.keys(`${prefix}*`);
      } finally {
        node.disconnect();
      }
    }),
  );
}

// Before REDIS_CLUSTER, an API pointed at a node of a cluster said it was ready while its rate
// limiter failed open on MOVED (8 of 8 requests passed a limit of 5) and its cache writes failed.
describe('a Redis Cluster of three masters (REDIS_CLUSTER=true)', () => {
  let cluster: LocalRedisCluster;
  let app: NestFastifyApplication;
  const prefix = `conduit-test-cluster-${randomUUID().slice(0, 8)}:`;

  beforeAll(async () => {
    cluster = await startRedisCluster();
    app = await withEnv(
      {
        REDIS_URL: cluster.url,
        REDIS_CLUSTER: 'true',
        REDIS_KEY_PREFIX: prefix,
        THROTTLE_LIMIT: String(LIMIT),
        THROTTLE_TTL_SECONDS: '60',
      },
      () => startTestApp(),
    );
  });
  afterAll(async () => {
    await app?.close();
    await cluster?.stop();
  });

  it('is ready, having written a key of ours through the cluster', async () => {
    const ready = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect((ready.body as { info: unknown }).info).toMatchObject({
      redis: { status: 'up', responseTime: expect.any(Number) },
    });
  });

  it(`lets exactly ${LIMIT} of 8 requests through the rate limit`, async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 8; attempt++) {
      statuses.push((await request(app.getHttpServer()).get('/api/tags')).status);
    }
    expect(statuses.filter((status) => status === 200)).toHaveLength(LIMIT);
    expect(statuses.filter((status) => status === 429)).toHaveLength(8 - LIMIT);
  });

  describe('with a limit no test reaches', () => {
    // A prefix of its own: the limiter above has blocked this client under the other one.
    const unlimitedPrefix = `${prefix}unlimited:`;
    let unlimited: NestFastifyApplication;
    beforeAll(async () => {
      unlimited = await withEnv(
        { REDIS_URL: cluster.url, REDIS_CLUSTER: 'true', REDIS_KEY_PREFIX: unlimitedPrefix },
        () => startTestApp(),
      );
    });
    afterAll(async () => unlimited?.close());

    it('caches, serves hits and invalidates (keys in many slots), with no failed cache operation', async () => {
      const client = new ConduitClient(unlimited);
      const cache = unlimited.get(AppCache);
      const author = await client.register('cluster');
      const article = await client.createArticle(author.token, {
        title: `cluster ${randomUUID()}`,
      });
      await client.getArticle(article.slug);
      const hitsBefore = cache.stats.hits;
      expect((await client.getArticle(article.slug)).description).toBe(article.description);
      expect(cache.stats.hits).toBe(hitsBefore + 1);

      const update = await client.put(
        `/api/articles/${article.slug}`,
        { article: { description: 'changed on a cluster' } },
        author.token,
      );
      expect(update.status).toBe(200);
      expect((await client.getArticle(article.slug)).description).toBe('changed on a cluster');
      expect(cache.stats.errors).toBe(0);

      const keys = (await keysOnEachNode(cluster, `${unlimitedPrefix}cache:`)).flat();
      expect(keys.length).toBeGreaterThan(0);
      // The value and its scope's version share a slot: the scope is the hash tag of both.
      expect(keys.every((key) => key.startsWith(`${unlimitedPrefix}cache:{`))).toBe(true);
    });

    it('flushes the cache on every master', async () => {
      const cache = unlimited.get(AppCache);
      await expect(cache.flush()).resolves.toBeGreaterThan(0);
      expect((await keysOnEachNode(cluster, `${unlimitedPrefix}cache:`)).flat()).toEqual([]);
    });
  });

  it('keeps each event key family in one hash slot', async () => {
    const client = new Cluster([{ host: '127.0.0.1', port: cluster.ports[0] }]);
    try {
      const keys = eventKeys(prefix, true);
      const slots = await Promise.all(
        [keys.streamKey, keys.deadLetterStreamKey, `${keys.attemptsKeyPrefix}analytics`].map(
          (key) => client.cluster('KEYSLOT', key),
        ),
      );
      expect(new Set(slots).size).toBe(1);
    } finally {
      client.disconnect();
    }
  });
});

describe('a Redis Cluster node without REDIS_CLUSTER=true', () => {
  let cluster: LocalRedisCluster;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    cluster = await startRedisCluster();
    app = await withEnv(
      {
        REDIS_URL: cluster.url,
        REDIS_KEY_PREFIX: `conduit-test-node-${randomUUID().slice(0, 8)}:`,
      },
      () => startTestApp(),
    );
  });
  afterAll(async () => {
    await app?.close();
    await cluster?.stop();
  });

  it('is not ready, and says to set REDIS_CLUSTER=true', async () => {
    const ready = await request(app.getHttpServer()).get('/health/ready').expect(503);
    expect((ready.body as { error: unknown }).error).toEqual({
      redis: { status: 'down', message: expect.stringContaining('set REDIS_CLUSTER=true') },
    });
  });
});
