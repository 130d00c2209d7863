import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import request, { type Response } from 'supertest';
import { expectErrors } from './support/conduit-client';
import { describeWithRedis, withEnv } from './support/redis';
import { startTestApp } from './support/test-app';

const LIMIT = 6;
const AUTH_LIMIT = 3;

/** Two instances of the API sharing one Redis, with small limits and keys of their own. */
async function startPair(extra: Record<string, string> = {}): Promise<NestFastifyApplication[]> {
  return withEnv(
    {
      THROTTLE_LIMIT: String(LIMIT),
      THROTTLE_TTL_SECONDS: '60',
      AUTH_THROTTLE_LIMIT: String(AUTH_LIMIT),
      AUTH_THROTTLE_TTL_SECONDS: '60',
      REDIS_KEY_PREFIX: `conduit-test-ratelimit-${randomUUID()}:`,
      ...extra,
    },
    async () => [await startTestApp(), await startTestApp()],
  );
}

/** `count` requests, alternately to each instance, one after the other. */
async function alternate(
  apps: NestFastifyApplication[],
  count: number,
  send: (app: NestFastifyApplication, index: number) => request.Test,
): Promise<Response[]> {
  const responses: Response[] = [];
  for (let i = 0; i < count; i++) responses.push(await send(apps[i % apps.length], i));
  return responses;
}

const statuses = (responses: Response[]): number[] => responses.map((response) => response.status);

describeWithRedis('rate limits shared across replicas', () => {
  let apps: NestFastifyApplication[] = [];
  afterEach(async () => {
    await Promise.all(apps.map((app) => app.close()));
    apps = [];
  });

  it('three times the limit, alternating between two instances, gives exactly `limit` successes', async () => {
    apps = await startPair();
    const responses = await alternate(apps, 3 * LIMIT, (app) =>
      request(app.getHttpServer()).get('/api/tags'),
    );
    expect(statuses(responses).filter((status) => status === 200)).toHaveLength(LIMIT);
    expect(
      statuses(responses)
        .slice(LIMIT)
        .every((status) => status === 429),
    ).toBe(true);
    const first = responses[0];
    expect(first.headers['ratelimit-limit']).toBe(String(LIMIT));
    expect(first.headers['ratelimit-remaining']).toBe(String(LIMIT - 1));
    const refused = responses[LIMIT];
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expectErrors(refused, 429, {
      requests: [`too many; retry after ${refused.get('Retry-After') ?? '?'} seconds`],
    });
  });

  it('login and registration have their stricter limit', async () => {
    apps = await startPair({ THROTTLE_LIMIT: '100' });
    const responses = await alternate(apps, 3 * AUTH_LIMIT, (app) =>
      request(app.getHttpServer())
        .post('/api/users/login')
        .send({ user: { email: 'nobody@example.com', password: 'wrong password' } }),
    );
    expect(statuses(responses)).toEqual([
      ...Array.from({ length: AUTH_LIMIT }, () => 401),
      ...Array.from({ length: 2 * AUTH_LIMIT }, () => 429),
    ]);
    // The strict limit is theirs alone: other routes keep the default allowance.
    expect((await request(apps[0].getHttpServer()).get('/api/tags')).status).toBe(200);
  });

  it('ignores X-Forwarded-For by default, so a client cannot spoof its way past the limit', async () => {
    apps = await startPair();
    const responses = await alternate(apps, 2 * LIMIT, (app, i) =>
      request(app.getHttpServer())
        .get('/api/tags')
        .set('X-Forwarded-For', `203.0.113.${i + 1}`),
    );
    expect(statuses(responses).filter((status) => status === 200)).toHaveLength(LIMIT);
  });

  it('counts clients by X-Forwarded-For when TRUST_PROXY trusts the hop', async () => {
    apps = await startPair({ TRUST_PROXY: '1' });
    const responses = await alternate(apps, 2 * LIMIT, (app, i) =>
      request(app.getHttpServer())
        .get('/api/tags')
        .set('X-Forwarded-For', `203.0.113.${i + 1}`),
    );
    expect(statuses(responses).every((status) => status === 200)).toBe(true);
  });

  it('never limits the health probes', async () => {
    apps = await startPair();
    const responses = await alternate(apps, 3 * LIMIT, (app) =>
      request(app.getHttpServer()).get('/health/live'),
    );
    expect(statuses(responses).every((status) => status === 200)).toBe(true);
  });
});
