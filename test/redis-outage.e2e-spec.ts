import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { AppCache } from '../src/infrastructure/cache/app-cache';
import { REQUEST_PATH_REDIS } from '../src/infrastructure/redis/redis-client';
import { RedisAvailability } from '../src/infrastructure/redis/redis-availability';
import {
  bodyOf,
  ConduitClient,
  type ArticleResponse,
  type ArticleListResponse,
} from './support/conduit-client';
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
  /** Small rate limit, for the limiter's behaviour. */
  let limited: NestFastifyApplication;
  /** The suites' (large) limit, for the cache's behaviour. */
  let app: NestFastifyApplication;
  let redis: Redis;

  beforeAll(async () => {
    const target = new URL(redisUrlForTests() ?? '');
    proxy = await TcpProxy.start(target.hostname, Number(target.port || 6379));
    const throughProxy = { REDIS_URL: proxy.urlFor(target.toString()) };
    limited = await withEnv(
      {
        ...throughProxy,
        THROTTLE_LIMIT: String(LIMIT),
        REDIS_KEY_PREFIX: `conduit-test-outage-${randomUUID()}:`,
      },
      () => startTestApp(),
    );
    app = await withEnv(
      { ...throughProxy, REDIS_KEY_PREFIX: `conduit-test-outage-${randomUUID()}:` },
      () => startTestApp(),
    );
    redis = app.get<Redis>(REQUEST_PATH_REDIS);
    const limitedRedis = limited.get<Redis>(REQUEST_PATH_REDIS);
    await until(
      () => redis.status === 'ready' && limitedRedis.status === 'ready',
      'Redis through the proxy',
    );
  });
  afterAll(async () => {
    await Promise.all([app.close(), limited.close()]);
    await proxy.close();
  });

  const tags = (): request.Test => request(limited.getHttpServer()).get('/api/tags');

  it('serves reads and writes from the database while Redis is away, and no stale value after', async () => {
    const client = new ConduitClient(app);
    const author = await client.register('outage');
    const { slug } = await client.createArticle(author.token, {
      body: 'before the outage',
      tagList: ['outage'],
    });
    const read = async (): Promise<string | undefined> =>
      bodyOf<ArticleResponse>(await client.get(`/api/articles/${slug}`).expect(200)).article.body;
    expect(await read()).toBe('before the outage');

    proxy.cutOff();
    await until(() => redis.status !== 'ready', 'the client to notice the outage');
    expect(await read()).toBe('before the outage');
    await client
      .put(`/api/articles/${slug}`, { article: { body: 'during the outage' } }, author.token)
      .expect(200);
    expect(await read()).toBe('during the outage');
    await client.get('/api/tags').expect(200);
    const listed = bodyOf<ArticleListResponse>(
      await client.get(`/api/articles?author=${author.username}`).expect(200),
    );
    expect(listed.articles.map((entry) => entry.slug)).toEqual([slug]);

    proxy.restore();
    await until(() => redis.status === 'ready', 'the client to reconnect');
    // The cached copy from before the outage must not come back.
    expect(await read()).toBe('during the outage');
  });

  it('when Redis hangs, one request waits out a command timeout and the next ones skip Redis', async () => {
    const client = new ConduitClient(app);
    const author = await client.register('stall');
    const { slug } = await client.createArticle(author.token);
    await client.get(`/api/articles/${slug}`).expect(200);
    const cache = app.get(AppCache);
    const errorsBefore = cache.stats.errors;

    proxy.stall();
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await client.get(`/api/articles/${slug}`)).status);
    expect(statuses).toEqual(statuses.map(() => 200));
    // Without the shared back-off every request would time out on Redis (two cache reads each).
    expect(cache.stats.errors - errorsBefore).toBeLessThanOrEqual(2);

    proxy.restore();
  });

  it('lets requests through un-counted while Redis is away, and counts again once it is back', async () => {
    const limitedRedis = limited.get<Redis>(REQUEST_PATH_REDIS);
    expect((await tags()).status).toBe(200);
    expect((await tags()).status).toBe(200);

    proxy.cutOff();
    await until(() => limitedRedis.status !== 'ready', 'the client to notice the outage');
    const during = await Promise.all(Array.from({ length: 3 * LIMIT }, () => tags()));
    expect(during.map((response) => response.status)).toEqual(during.map(() => 200));

    proxy.restore();
    await until(() => limitedRedis.status === 'ready', 'the client to reconnect');
    // A command sent during the outage may time out just after the restore and start the
    // shared back-off (1 s): the limiter counts again once that is over, not before.
    const availability = limited.get(RedisAvailability);
    await until(() => availability.available, 'the back-off to end');
    const after = [];
    for (let i = 0; i < LIMIT; i++) after.push((await tags()).status);
    // Two were counted before the outage, none during it: three more fit in the window.
    expect(after).toEqual([200, 200, 200, 429, 429]);
  });
});
