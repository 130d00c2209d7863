import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { REDIS_CLIENT } from '../src/infrastructure/redis/redis-client';
import { describeWithRedis, redisUrlForTests, withEnv } from './support/redis';
import { TcpProxy } from './support/tcp-proxy';
import { startTestApp } from './support/test-app';

const LIMIT = 5;

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describeWithRedis('a Redis outage', () => {
  let proxy: TcpProxy;
  let app: NestFastifyApplication;
  let redis: Redis;

  beforeAll(async () => {
    const target = new URL(redisUrlForTests() ?? '');
    proxy = await TcpProxy.start(target.hostname, Number(target.port || 6379));
    app = await withEnv(
      {
        REDIS_URL: proxy.urlFor(target.toString()),
        THROTTLE_LIMIT: String(LIMIT),
        REDIS_KEY_PREFIX: `conduit-test-outage-${randomUUID()}:`,
      },
      () => startTestApp(),
    );
    redis = app.get<Redis>(REDIS_CLIENT);
    await until(() => redis.status === 'ready', 'Redis through the proxy');
  });
  afterAll(async () => {
    await app.close();
    await proxy.close();
  });

  const tags = (): request.Test => request(app.getHttpServer()).get('/api/tags');

  it('lets requests through un-counted while Redis is away, and counts again once it is back', async () => {
    expect((await tags()).status).toBe(200);
    expect((await tags()).status).toBe(200);

    proxy.cutOff();
    await until(() => redis.status !== 'ready', 'the client to notice the outage');
    const during = await Promise.all(Array.from({ length: 3 * LIMIT }, () => tags()));
    expect(during.map((response) => response.status)).toEqual(during.map(() => 200));

    proxy.restore();
    await until(() => redis.status === 'ready', 'the client to reconnect');
    const after = [];
    for (let i = 0; i < LIMIT; i++) after.push((await tags()).status);
    // Two were counted before the outage, none during it: three more fit in the window.
    expect(after).toEqual([200, 200, 200, 429, 429]);
  });
});
