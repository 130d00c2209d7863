import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Redis as IORedis, type Redis } from 'ioredis';
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

  const redisMode = async (): Promise<unknown> => {
    const ready = await probe('/health/ready');
    expect(ready.status).toBe(200);
    return (ready.body as { info?: { redis?: { mode?: unknown } } }).info?.redis?.mode;
  };

  // The API serves without Redis (cache and rate limits fail open, events wait in the outbox):
  // an outage of the Redis all replicas share must not take every one of them out of rotation.
  it('started without Redis: ready is 200 and says Redis is unreachable, live is 200; clears once Redis answers', async () => {
    expect(await redisMode()).toMatch(/^degraded: unreachable/);
    expect((await probe('/health/live')).status).toBe(200);

    redisProxy.restore();
    const redis = app.get<Redis>(REDIS_CLIENT);
    await until(() => redis.status === 'ready', 'Redis to connect');
    await until(async () => (await redisMode()) === undefined, 'Redis to count as serving');
  });

  it('Redis cut later: ready stays 200 marked degraded, live 200, the API still answers; recovers', async () => {
    redisProxy.cutOff();
    await until(async () => (await redisMode()) !== undefined, 'Redis to count as unreachable');
    expect(await redisMode()).toMatch(/^degraded: unreachable/);
    expect((await probe('/health/live')).status).toBe(200);
    await request(app.getHttpServer()).get('/api/tags').expect(200);

    redisProxy.restore();
    await until(async () => (await redisMode()) === undefined, 'Redis to count as serving');
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

describeWithRedis('probes when Redis answers but refuses our keys', () => {
  const user = `conduit_readonly_${randomUUID().slice(0, 8)}`;
  let admin: Redis;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    const url = redisUrlForTests() ?? '';
    admin = new IORedis(url);
    // A user that may read but not write: the kind of REDIS_URL mistake that PING cannot see.
    await admin.call(
      'ACL',
      'SETUSER',
      user,
      'on',
      'nopass',
      '~*',
      '+@read',
      '+ping',
      '+info',
      '+client',
      '+hello',
      '+select',
    );
    const limited = new URL(url);
    limited.username = user;
    app = await withEnv(
      { REDIS_URL: limited.toString(), REDIS_KEY_PREFIX: `conduit-test-acl-${randomUUID()}:` },
      () => startTestApp(),
    );
  });
  afterAll(async () => {
    await app.close();
    await admin.call('ACL', 'DELUSER', user);
    admin.disconnect();
  });

  it('GET /health/ready answers 503 naming redis and the refusal; live stays 200', async () => {
    const ready = await request(app.getHttpServer()).get('/health/ready');
    expect(ready.status).toBe(503);
    expect((ready.body as ProbeBody).error).toEqual({
      redis: { status: 'down', message: expect.stringMatching(/NOPERM/) },
    });
    await request(app.getHttpServer()).get('/health/live').expect(200);
  });
});
