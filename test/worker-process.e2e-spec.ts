import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { spawnWorkerProcess, waitForOutput, type ApiProcess } from './support/api-process';
import { startConduit, uniqueName } from './support/conduit-client';
import {
  createEventEnvironment,
  eventually,
  type EventEnvironment,
} from './support/event-environment';
import { freePort } from './support/free-port';
import { describeWithRedis, redisUrlForTests, withEnv } from './support/redis';
import { TcpProxy } from './support/tcp-proxy';
import { TestSmtpServer } from './support/test-smtp-server';

const WORKER_UP = 'Worker up;';

/** Env of a worker process: fast retries and claims, so the suite runs in seconds. */
function workerEnv(
  environment: EventEnvironment,
  port: number,
  redisUrl: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    ...environment.env,
    REDIS_URL: redisUrl,
    WORKER_HEALTH_PORT: String(port),
    EVENTS_CLAIM_IDLE_MS: '1000',
    EVENTS_RETRY_BASE_MS: '50',
    EVENTS_RELAY_INTERVAL_MS: '50',
    ...extra,
  };
}

async function startWorker(env: Record<string, string>): Promise<ApiProcess> {
  const worker = spawnWorkerProcess(env);
  await waitForOutput(worker, WORKER_UP, 60_000);
  return worker;
}

async function stopWorker(worker: ApiProcess): Promise<void> {
  if (worker.child.exitCode === null && worker.child.signalCode === null) {
    worker.child.kill('SIGKILL');
    await worker.exited;
  }
}

/** `count` article.favorited events in the outbox, as the favorites service writes them. */
async function insertFavoritedEvents(db: DataSource, count: number, day: string): Promise<void> {
  await db.query(
    `INSERT INTO outbox_events (id, type, payload, occurred_at)
     SELECT gen_random_uuid(), 'article.favorited',
            jsonb_build_object('articleId', i, 'slug', 'article-' || i, 'userId', 1), $2::timestamptz
     FROM generate_series(1, $1) AS i`,
    [count, `${day}T12:00:00Z`],
  );
}

async function processedCount(db: DataSource, consumer: string): Promise<number> {
  const rows = await db.query<{ count: string }[]>(
    `SELECT count(*) FROM processed_events WHERE consumer = $1`,
    [consumer],
  );
  return Number(rows[0]?.count ?? 0);
}

async function counter(db: DataSource, day: string, metric: string): Promise<number> {
  const rows = await db.query<{ count: string }[]>(
    `SELECT count FROM analytics_daily_counters WHERE day = $1 AND metric = $2`,
    [day, metric],
  );
  return Number(rows[0]?.count ?? 0);
}

async function unpublishedCount(db: DataSource): Promise<number> {
  const rows = await db.query<{ count: string }[]>(
    `SELECT count(*) FROM outbox_events WHERE published_at IS NULL`,
  );
  return Number(rows[0]?.count ?? 0);
}

/** A series' value in a worker's /metrics text; undefined when the worker does not report it. */
async function reportedMetric(port: number, series: string): Promise<number | undefined> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** A counter's value (a counter nothing has moved yet is not reported: 0). */
async function metricOf(port: number, series: string): Promise<number> {
  return (await reportedMetric(port, series)) ?? 0;
}

async function pendingCount(redis: Redis, stream: string, group: string): Promise<number> {
  const summary: unknown = await redis.xpending(stream, group);
  return Array.isArray(summary) ? Number(summary[0]) : Number.NaN;
}

describeWithRedis('worker process (real PostgreSQL, Redis and worker processes)', () => {
  const redisUrl = redisUrlForTests() ?? '';
  let redis: Redis;
  let environment: EventEnvironment | undefined;
  const workers: ApiProcess[] = [];

  beforeAll(() => {
    redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  });

  afterEach(async () => {
    await Promise.all(workers.splice(0).map(stopWorker));
    await environment?.dispose();
    environment = undefined;
  });

  afterAll(() => redis.disconnect());

  it('a worker killed with SIGKILL mid-batch: a new one finishes, every effect applied exactly once', async () => {
    const env = (environment = await createEventEnvironment('sigkill'));
    const day = '2026-01-10';
    const total = 2000;
    await insertFavoritedEvents(env.db, total, day);
    const port = await freePort();
    const first = await startWorker(workerEnv(env, port, redisUrl));
    workers.push(first);
    await eventually(
      () => processedCount(env.db, 'analytics'),
      (count) => count >= 100,
    );
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const doneBeforeKill = await processedCount(env.db, 'analytics');
    expect(doneBeforeKill).toBeLessThan(total);
    const pendingAtKill = await pendingCount(redis, `${env.keyPrefix}events`, 'analytics');

    const second = await startWorker(workerEnv(env, port, redisUrl));
    workers.push(second);
    await eventually(
      () => processedCount(env.db, 'analytics'),
      (count) => count === total,
      60_000,
    );
    await eventually(
      () => pendingCount(redis, `${env.keyPrefix}events`, 'analytics'),
      (count) => count === 0,
    );
    expect(await counter(env.db, day, 'favorites')).toBe(total);
    expect(await unpublishedCount(env.db)).toBe(0);
    // Killed mid-batch: it held entries read but not acknowledged, and they were claimed, not lost.
    expect(pendingAtKill).toBeGreaterThan(0);
    expect(second.output()).toContain('Claimed');
  });

  it('two workers share each group: every event handled once per group', async () => {
    const env = (environment = await createEventEnvironment('twoworkers'));
    const day = '2026-01-11';
    const total = 1000;
    const ports = [await freePort(), await freePort()];
    const extra = { EVENTS_BATCH_SIZE: '10' };
    const pair = await Promise.all(
      ports.map((port) => startWorker(workerEnv(env, port, redisUrl, extra))),
    );
    workers.push(...pair);
    await insertFavoritedEvents(env.db, total, day);
    await eventually(
      () => counter(env.db, day, 'favorites'),
      (count) => count === total,
      60_000,
    );
    const series = 'events_processed_total{consumer="analytics"}';
    const handled = await Promise.all(ports.map((port) => metricOf(port, series)));
    expect(handled.reduce((sum, count) => sum + count, 0)).toBe(total);
    expect(handled[0]).toBeGreaterThan(0);
    expect(handled[1]).toBeGreaterThan(0);
    expect(await processedCount(env.db, 'analytics')).toBe(total);

    // SIGTERM: each finishes the entry in hand and exits 0.
    for (const worker of pair) worker.child.kill('SIGTERM');
    const exits = await Promise.all(pair.map((worker) => worker.exited));
    expect(exits.map((exit) => exit.code)).toEqual([0, 0]);
  });

  it('SIGTERM while an email is being sent: the worker finishes that entry, acknowledges it, exits 0', async () => {
    const env = (environment = await createEventEnvironment('sigterm'));
    const smtp = await TestSmtpServer.start();
    try {
      // Each of MAIL FROM and RCPT TO takes 800 ms: the send is still underway when SIGTERM comes.
      smtp.behave({ mode: 'slow', stepMs: 800 });
      const email = `${uniqueName('draining')}@example.com`;
      await env.db.query(
        `INSERT INTO outbox_events (id, type, payload, occurred_at)
         VALUES (gen_random_uuid(), 'user.registered', $1, now())`,
        [JSON.stringify({ userId: 1, username: 'draining', email })],
      );
      const worker = await startWorker(
        workerEnv(env, await freePort(), redisUrl, { SMTP_URL: smtp.url }),
      );
      workers.push(worker);
      await eventually(
        async () => smtp.attemptsFor(email),
        (attempts) => attempts === 1,
      );
      worker.child.kill('SIGTERM');
      expect((await worker.exited).code).toBe(0);
      expect(smtp.messagesTo(email)).toHaveLength(1);
      expect(await processedCount(env.db, 'notifications')).toBe(1);
      expect(await pendingCount(redis, `${env.keyPrefix}events`, 'notifications')).toBe(0);
    } finally {
      await smtp.close();
    }
  });

  it('a poison event is dead-lettered after exactly EVENTS_MAX_ATTEMPTS tries while the others flow', async () => {
    const env = (environment = await createEventEnvironment('poison'));
    const day = '2026-01-12';
    const port = await freePort();
    const stream = `${env.keyPrefix}events`;
    // A favorited event whose date no day column accepts: the analytics handler fails every time.
    const poison = {
      id: randomUUID(),
      type: 'article.favorited',
      occurredAt: 'not-a-date',
      payload: { articleId: 1, slug: 'poison', userId: 1 },
      requestId: null,
      traceContext: {},
    };
    await redis.xadd(stream, '*', 'type', poison.type, 'event', JSON.stringify(poison));
    await insertFavoritedEvents(env.db, 50, day);
    const worker = await startWorker(
      workerEnv(env, port, redisUrl, { EVENTS_MAX_ATTEMPTS: '3', EVENTS_RETRY_BASE_MS: '400' }),
    );
    workers.push(worker);

    const dead = await eventually(
      () => redis.xrange(`${env.keyPrefix}events:dead`, '-', '+'),
      (entries) => entries.length > 0,
    );
    expect(dead).toHaveLength(1);
    const [deadId, fields] = dead[0] ?? ['', []];
    const field = (name: string) => fields[fields.indexOf(name) + 1];
    expect(field('consumer')).toBe('analytics');
    expect(field('attempts')).toBe('3');
    expect(field('error')).toMatch(/date/i);
    expect(JSON.parse(field('event') ?? '{}')).toMatchObject({ id: poison.id });
    expect(await metricOf(port, 'events_failed_total{consumer="analytics"}')).toBe(3);
    expect(await metricOf(port, 'events_dead_lettered_total{consumer="analytics"}')).toBe(1);

    // The others were not held up behind it: all 50 were handled before it was given up.
    expect(await counter(env.db, day, 'favorites')).toBe(50);
    const rows = await env.db.query<{ last: Date }[]>(
      `SELECT max(processed_at) AS last FROM processed_events WHERE consumer = 'analytics'`,
    );
    expect(rows[0]?.last.getTime()).toBeLessThan(Number(deadId.split('-')[0]));
    await eventually(
      () => pendingCount(redis, stream, 'analytics'),
      (count) => count === 0,
    );
  });

  it('Redis cut during 100 registrations: all 100 events are delivered once it returns', async () => {
    const env = (environment = await createEventEnvironment('rediscut'));
    const proxy = await TcpProxy.start('127.0.0.1', Number(new URL(redisUrl).port || 6379));
    const proxiedUrl = proxy.urlFor(redisUrl);
    const port = await freePort();
    const { app, api } = await withEnv({ ...env.env, REDIS_URL: proxiedUrl }, startConduit);
    try {
      workers.push(await startWorker(workerEnv(env, port, proxiedUrl)));
      const emails: string[] = [];
      for (let i = 0; i < 100; i += 1) {
        if (i === 20) proxy.cutOff();
        if (i === 80) {
          // While Redis is away the worker is not ready, but alive; the outbox keeps growing.
          const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
          expect(ready.status).toBe(503);
          expect(JSON.stringify(await ready.json())).toContain('redis');
          expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200);
          expect(await unpublishedCount(env.db)).toBeGreaterThanOrEqual(60);
          // The worker's gauges are refreshed every 5 s by a timer, not per scrape.
          await eventually(
            () => reportedMetric(port, 'outbox_backlog'),
            (backlog) => (backlog ?? 0) >= 60,
          );
          expect(await reportedMetric(port, 'outbox_oldest_age_seconds')).toBeGreaterThan(0);
          proxy.restore();
        }
        emails.push((await api.register('cut')).email);
      }
      await eventually(
        async () => [
          await processedCount(env.db, 'notifications'),
          await processedCount(env.db, 'analytics'),
        ],
        ([notifications, analytics]) => notifications === 100 && analytics === 100,
        60_000,
      );
      const registered = await env.db.query<{ email: string }[]>(
        `SELECT payload->>'email' AS email FROM outbox_events WHERE type = 'user.registered'`,
      );
      expect(registered.map((row) => row.email).toSorted()).toEqual(emails.toSorted());
      expect(await unpublishedCount(env.db)).toBe(0);
      for (const consumer of ['notifications', 'analytics']) {
        expect(await reportedMetric(port, `events_processed_total{consumer="${consumer}"}`)).toBe(
          100,
        );
      }
      const gauges = [
        ...['notifications', 'analytics'].flatMap((consumer) => [
          `events_consumer_lag{consumer="${consumer}"}`,
          `events_pending{consumer="${consumer}"}`,
        ]),
        'outbox_backlog',
      ];
      await eventually(
        () => Promise.all(gauges.map((series) => reportedMetric(port, series))),
        (values) => values.every((value) => value === 0),
      );
      const today = new Date().toISOString().slice(0, 10);
      expect(await counter(env.db, today, 'signups')).toBe(100);
    } finally {
      await app.close();
      await proxy.close();
    }
  });
});
