import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { REDIS_CLIENT } from '../src/infrastructure/redis/redis-client';
import { describeWithRedis, redisUrlForTests, withEnv } from './support/redis';
import { TcpProxy } from './support/tcp-proxy';
import { startTestApp } from './support/test-app';

interface ProbeBody {
  status: string;
  error?: Record<string, unknown>;
}

async function until(
  condition: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describeWithRedis('health probes', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => (app = await startTestApp()));
  afterAll(async () => app.close());

  it('GET /health/live answers 200', async () => {
    const response = await request(app.getHttpServer()).get('/health/live').expect(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('GET /health/ready answers 200 with PostgreSQL and Redis up', async () => {
    const response = await request(app.getHttpServer()).get('/health/ready').expect(200);
    // A real PING answered (it took some time); the memory mode's answer carries a `mode` instead.
    expect((response.body as { info: unknown }).info).toEqual({
      database: { status: 'up', responseTime: expect.any(Number) },
      redis: { status: 'up', responseTime: expect.any(Number) },
    });
  });

  it('GET /health/startup answers 200 once initialised with every migration applied', async () => {
    await request(app.getHttpServer()).get('/health/startup').expect(200);
  });
});

describe('health probes without REDIS_URL (memory mode)', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => (app = await withEnv({ REDIS_URL: undefined }, () => startTestApp())));
  afterAll(async () => app.close());

  it('GET /health/ready answers 200 and says Redis is not in use', async () => {
    const response = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect((response.body as { info: unknown }).info).toEqual({
      database: { status: 'up', responseTime: expect.any(Number) },
      redis: { status: 'up', mode: 'memory (REDIS_URL unset)' },
    });
  });
});

describeWithRedis('probes while a dependency is cut', () => {
  let redisProxy: TcpProxy;
  let postgresProxy: TcpProxy;
  let app: NestFastifyApplication;

  const probe = async (path: string): Promise<{ status: number; body: ProbeBody }> => {
    const response = await request(app.getHttpServer()).get(path);
    return { status: response.status, body: response.body as ProbeBody };
  };

  beforeAll(async () => {
    const redisTarget = new URL(redisUrlForTests() ?? '');
    const databaseTarget = new URL(process.env.DATABASE_URL ?? '');
    redisProxy = await TcpProxy.start(redisTarget.hostname, Number(redisTarget.port || 6379));
    postgresProxy = await TcpProxy.start(
      databaseTarget.hostname,
      Number(databaseTarget.port || 5432),
    );
    // The app must start even while Redis is unreachable.
    redisProxy.cutOff();
    app = await withEnv(
      {
        REDIS_URL: redisProxy.urlFor(redisTarget.toString()),
        DATABASE_URL: postgresProxy.urlFor(databaseTarget.toString()),
        REDIS_KEY_PREFIX: `conduit-test-health-${randomUUID()}:`,
      },
      () => startTestApp(),
    );
  });
  afterAll(async () => {
    await app.close();
    await Promise.all([redisProxy.close(), postgresProxy.close()]);
  });

  it('started without Redis: ready is 503 naming redis, live is 200, until Redis answers', async () => {
    const ready = await probe('/health/ready');
    expect(ready.status).toBe(503);
    expect(Object.keys(ready.body.error ?? {})).toEqual(['redis']);
    expect((await probe('/health/live')).status).toBe(200);

    redisProxy.restore();
    const redis = app.get<Redis>(REDIS_CLIENT);
    await until(() => redis.status === 'ready', 'Redis to connect');
    await until(async () => (await probe('/health/ready')).status === 200, 'ready');
  });

  it('Redis cut later: ready 503 naming redis, live 200, the API still answers; both recover', async () => {
    redisProxy.cutOff();
    await until(async () => (await probe('/health/ready')).status === 503, 'ready to fail');
    expect(Object.keys((await probe('/health/ready')).body.error ?? {})).toEqual(['redis']);
    expect((await probe('/health/live')).status).toBe(200);
    await request(app.getHttpServer()).get('/api/tags').expect(200);

    redisProxy.restore();
    await until(async () => (await probe('/health/ready')).status === 200, 'ready to recover');
  });

  it('PostgreSQL cut: ready 503 naming database, live 200, reads 503 with Retry-After; both recover', async () => {
    postgresProxy.cutOff();
    await until(async () => (await probe('/health/ready')).status === 503, 'ready to fail');
    expect(Object.keys((await probe('/health/ready')).body.error ?? {})).toEqual(['database']);
    expect((await probe('/health/live')).status).toBe(200);
    // A signed-in list always reads the database: refused fast, in the error format.
    const started = performance.now();
    const refused = await request(app.getHttpServer()).get(`/api/articles?author=${randomUUID()}`);
    expect(performance.now() - started).toBeLessThan(2_500);
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.body).toMatchObject({
      errors: { server: ['temporarily unavailable; retry after 5 seconds'] },
    });

    postgresProxy.restore();
    await until(async () => (await probe('/health/ready')).status === 200, 'ready to recover');
  });
});
