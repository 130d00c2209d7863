import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Redis } from 'ioredis';
import { MetricsService } from '../src/infrastructure/observability/metrics.service';
import { WorkerModule } from '../src/worker.module';
import { startConduit, type ConduitClient, type TestUser } from './support/conduit-client';
import {
  createEventEnvironment,
  eventually,
  type EventEnvironment,
} from './support/event-environment';
import { describeWithRedis, redisUrlForTests, withEnv } from './support/redis';
import { TestSmtpServer } from './support/test-smtp-server';

/**
 * Fast loops, a short breaker, and few attempts per event: an outage that cost events their
 * attempts would dead-letter one within seconds, so "nothing dead-lettered" means something.
 * MAIL_TIMEOUT_MS leaves room for the slow server's single replies (1 s) but not for two.
 */
const FAST_EVENTS: Record<string, string> = {
  EVENTS_RELAY_INTERVAL_MS: '50',
  EVENTS_RETRY_BASE_MS: '50',
  EVENTS_MAX_ATTEMPTS: '2',
  MAIL_BREAKER_RESET_MS: '300',
  MAIL_TIMEOUT_MS: '1500',
};
const MAX_ATTEMPTS = Number(FAST_EVENTS.EVENTS_MAX_ATTEMPTS);

const BREAKER = { closed: 0, halfOpen: 1, open: 2 } as const;

/** The worker as src/worker.ts builds it, without listening: the health port is not under test. */
async function startWorker(): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(WorkerModule, new FastifyAdapter(), {
    logger: ['error'],
    abortOnError: false,
  });
  await app.init();
  return app;
}

/** circuit_breaker_state{breaker="mail"} in an app's registry (undefined when absent). */
async function mailBreakerState(app: NestFastifyApplication): Promise<number | undefined> {
  const metric = app.get(MetricsService).registry.getSingleMetric('circuit_breaker_state');
  if (metric === undefined) return undefined;
  const { values } = await metric.get();
  return values.find((value) => value.labels.breaker === 'mail')?.value;
}

interface OutboxRow {
  id: string;
  published_at: Date | null;
  dead_at: Date | null;
}

/** The user.registered outbox row of an address. */
async function registrationEvent(events: EventEnvironment, email: string): Promise<OutboxRow> {
  const rows = await events.db.query<OutboxRow[]>(
    `SELECT id, published_at, dead_at FROM outbox_events
     WHERE type = 'user.registered' AND payload->>'email' = $1`,
    [email],
  );
  const row = rows[0];
  if (rows.length !== 1 || row === undefined) {
    throw new Error(`expected one user.registered event for ${email}, found ${rows.length}`);
  }
  return row;
}

/** The consumers that recorded the event as processed, sorted. */
async function consumersDone(events: EventEnvironment, eventId: string): Promise<string[]> {
  const rows = await events.db.query<{ consumer: string }[]>(
    `SELECT consumer FROM processed_events WHERE event_id = $1 ORDER BY consumer`,
    [eventId],
  );
  return rows.map((row) => row.consumer);
}

async function pendingCount(redis: Redis, stream: string, group: string): Promise<number> {
  const summary: unknown = await redis.xpending(stream, group);
  return Array.isArray(summary) ? Number(summary[0]) : Number.NaN;
}

/** Each address's number of received messages, for one readable assertion over many users. */
function messageCounts(smtp: TestSmtpServer, users: readonly TestUser[]): Record<string, number> {
  return Object.fromEntries(users.map((user) => [user.email, smtp.messagesTo(user.email).length]));
}

const once = (users: readonly TestUser[]): Record<string, number> =>
  Object.fromEntries(users.map((user) => [user.email, 1]));

const none = (users: readonly TestUser[]): Record<string, number> =>
  Object.fromEntries(users.map((user) => [user.email, 0]));

describeWithRedis('welcome email: API → outbox → Redis stream → worker → SMTP', () => {
  let events: EventEnvironment;
  let smtp: TestSmtpServer;
  let apiApp: NestFastifyApplication | undefined;
  let api: ConduitClient;
  let worker: NestFastifyApplication | undefined;
  let redis: Redis;
  let streamKey: string;

  beforeAll(async () => {
    const redisUrl = redisUrlForTests() ?? '';
    events = await createEventEnvironment('welcome_stream');
    smtp = await TestSmtpServer.start();
    streamKey = `${events.keyPrefix}events`;
    redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
    // Config namespaces read process.env as each app compiles: both are built inside withEnv.
    await withEnv(
      { ...events.env, ...FAST_EVENTS, REDIS_URL: redisUrl, SMTP_URL: smtp.url },
      async () => {
        ({ app: apiApp, api } = await startConduit());
        worker = await startWorker();
      },
    );
  });

  afterAll(async () => {
    await worker?.close();
    await apiApp?.close();
    // The suite's own prefix: its stream, dead letters, attempts, cache and rate-limit keys.
    const keys = events === undefined ? [] : await redis.keys(`${events.keyPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis?.disconnect();
    await smtp?.close();
    await events?.dispose();
  });

  const theWorker = (): NestFastifyApplication => {
    if (worker === undefined) throw new Error('the worker did not start');
    return worker;
  };

  it('registration → exactly one welcome email arrives over SMTP, to the right address', async () => {
    const user = await api.register('welcome');

    const [mail] = await eventually(
      async () => smtp.messagesTo(user.email),
      (messages) => messages.length > 0,
    );
    expect(mail?.to).toEqual([user.email]);
    expect(mail?.subject).toContain(user.username);

    // Both consumers finished with the event and the notifications entry is acknowledged…
    // (the relay stamps published_at as it commits, which may be just after the consumer read)
    const event = await eventually(
      () => registrationEvent(events, user.email),
      (row) => row.published_at !== null,
    );
    await eventually(
      () => consumersDone(events, event.id),
      (done) => done.length === 2,
    );
    expect(await consumersDone(events, event.id)).toEqual(['analytics', 'notifications']);
    await eventually(
      () => pendingCount(redis, streamKey, 'notifications'),
      (pending) => pending === 0,
    );
    // …and a later registration's email got through the same relay and consumer: the worker
    // has moved past the first event, and sent it once.
    const later = await api.register('welcome_later');
    await eventually(
      async () => smtp.messagesTo(later.email).length,
      (count) => count > 0,
    );
    expect(messageCounts(smtp, [user, later])).toEqual(once([user, later]));
  });

  it('SMTP failing → the breaker opens, nothing is lost, each email is delivered after recovery exactly once', async () => {
    const refusedBefore = smtp.refusals;
    smtp.behave({ mode: 'tempfail' });
    const users: TestUser[] = [];
    for (let i = 0; i < 5; i += 1) users.push(await api.register('outage'));

    await eventually(
      () => mailBreakerState(theWorker()),
      (state) => state === BREAKER.open,
    );
    // Keep the server failing until it has refused more sends than the events have attempts
    // to spare: were a refused send counted against its event (the half-open trials included),
    // one of them would have reached EVENTS_MAX_ATTEMPTS by now and been dead-lettered.
    const refusalsThatWouldKillOne = users.length * (MAX_ATTEMPTS - 1) + 1;
    await eventually(
      async () => smtp.refusals - refusedBefore,
      (refusals) => refusals >= refusalsThatWouldKillOne,
    );
    expect(messageCounts(smtp, users)).toEqual(none(users));
    expect(await redis.xlen(`${streamKey}:dead`)).toBe(0);
    // Published to the stream, not processed: the entries wait in the consumer group.
    await eventually(
      () => pendingCount(redis, streamKey, 'notifications'),
      (pending) => pending === users.length,
    );
    for (const user of users) {
      const event = await registrationEvent(events, user.email);
      expect(event.published_at).not.toBeNull();
      expect(await consumersDone(events, event.id)).toEqual(['analytics']);
    }

    smtp.behave({ mode: 'accept' });
    await eventually(
      async () => messageCounts(smtp, users),
      (counts) => Object.values(counts).every((count) => count > 0),
    );
    await eventually(
      () => mailBreakerState(theWorker()),
      (state) => state === BREAKER.closed,
    );
    await eventually(
      () => pendingCount(redis, streamKey, 'notifications'),
      (pending) => pending === 0,
    );
    for (const user of users) {
      const event = await registrationEvent(events, user.email);
      expect(await consumersDone(events, event.id)).toEqual(['analytics', 'notifications']);
    }
    expect(messageCounts(smtp, users)).toEqual(once(users));
    expect(await redis.xlen(`${streamKey}:dead`)).toBe(0);
  });

  it('SMTP too slow → a timed-out send is abandoned, not completed behind the breaker: one email after it speeds up', async () => {
    // Each reply within MAIL_TIMEOUT_MS (1500 ms), the two together well over it: the deadline
    // falls while RCPT TO waits, before any of the message is sent.
    smtp.behave({ mode: 'slow', stepMs: 1_000 });
    const user = await api.register('slow');

    // The first send timed out and a later trial reached the server too.
    await eventually(
      async () => smtp.attemptsFor(user.email),
      (attempts) => attempts >= 2,
    );
    expect(smtp.messagesTo(user.email)).toHaveLength(0);

    smtp.behave({ mode: 'accept' });
    await eventually(
      async () => smtp.messagesTo(user.email).length,
      (count) => count > 0,
    );
    const event = await registrationEvent(events, user.email);
    await eventually(
      () => consumersDone(events, event.id),
      (done) => done.includes('notifications'),
    );
    await eventually(
      () => pendingCount(redis, streamKey, 'notifications'),
      (pending) => pending === 0,
    );
    // A send abandoned mid-flight would have finished by now, its last reply a second away.
    const later = await api.register('slow_later');
    await eventually(
      async () => smtp.messagesTo(later.email).length,
      (count) => count > 0,
    );
    expect(messageCounts(smtp, [user, later])).toEqual(once([user, later]));
    expect(await redis.xlen(`${streamKey}:dead`)).toBe(0);
  });
});

describe('welcome email: the one-command default (no REDIS_URL, events in the API process)', () => {
  let events: EventEnvironment;
  let smtp: TestSmtpServer;
  let apiApp: NestFastifyApplication | undefined;
  let api: ConduitClient;

  beforeAll(async () => {
    events = await createEventEnvironment('welcome_inprocess');
    smtp = await TestSmtpServer.start();
    await withEnv(
      { ...events.env, ...FAST_EVENTS, REDIS_URL: undefined, SMTP_URL: smtp.url },
      async () => {
        ({ app: apiApp, api } = await startConduit());
      },
    );
  });

  afterAll(async () => {
    await apiApp?.close();
    await smtp?.close();
    await events?.dispose();
  });

  const theApp = (): NestFastifyApplication => {
    if (apiApp === undefined) throw new Error('the API did not start');
    return apiApp;
  };

  it('registration → exactly one welcome email, and the outbox row is published', async () => {
    const user = await api.register('inprocess');

    await eventually(
      () => registrationEvent(events, user.email),
      (event) => event.published_at !== null,
    );
    const event = await registrationEvent(events, user.email);
    expect(await consumersDone(events, event.id)).toEqual(['analytics', 'notifications']);
    const [mail] = smtp.messagesTo(user.email);
    expect(mail?.to).toEqual([user.email]);
    expect(mail?.subject).toContain(user.username);

    const later = await api.register('inprocess_later');
    await eventually(
      () => registrationEvent(events, later.email),
      (row) => row.published_at !== null,
    );
    expect(messageCounts(smtp, [user, later])).toEqual(once([user, later]));
  });

  it('SMTP failing → no outbox row goes dead; each email is delivered after recovery exactly once', async () => {
    const refusedBefore = smtp.refusals;
    smtp.behave({ mode: 'tempfail' });
    const users: TestUser[] = [];
    for (let i = 0; i < 3; i += 1) users.push(await api.register('inprocess_outage'));

    await eventually(
      () => mailBreakerState(theApp()),
      (state) => state === BREAKER.open,
    );
    // As above: more refusals than the rows have attempts to spare.
    await eventually(
      async () => smtp.refusals - refusedBefore,
      (refusals) => refusals >= users.length * (MAX_ATTEMPTS - 1) + 1,
    );
    for (const user of users) {
      const event = await registrationEvent(events, user.email);
      expect(event.dead_at).toBeNull();
      expect(event.published_at).toBeNull();
    }
    expect(messageCounts(smtp, users)).toEqual(none(users));

    smtp.behave({ mode: 'accept' });
    for (const user of users) {
      await eventually(
        () => registrationEvent(events, user.email),
        (event) => event.published_at !== null,
      );
    }
    for (const user of users) {
      expect((await registrationEvent(events, user.email)).dead_at).toBeNull();
    }
    await eventually(
      () => mailBreakerState(theApp()),
      (state) => state === BREAKER.closed,
    );
    expect(messageCounts(smtp, users)).toEqual(once(users));
  });
});
