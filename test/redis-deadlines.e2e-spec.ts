import { randomUUID } from 'node:crypto';
import { FailOpenThrottlerStorage } from '../src/infrastructure/rate-limit/fail-open-throttler-storage';
import { RedisThrottlerStorage } from '../src/infrastructure/rate-limit/redis-throttler-storage';
import { RedisTimeout } from '../src/infrastructure/redis/command-deadline';
import { RedisAvailability } from '../src/infrastructure/redis/redis-availability';
import {
  createRedisClient,
  type RedisConnection,
  REDIS_COMMAND_TIMEOUT_MS,
  requestPathDeadlines,
} from '../src/infrastructure/redis/redis-client';
import { describeWithRedis, redisUrlForTests } from './support/redis';
import { TcpProxy } from './support/tcp-proxy';

/** Until the commands issued so far have been written (ioredis flushes its pipeline then). */
const sent = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Keeps the event loop busy, as a process under load is: no timer, no socket is serviced. */
function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spinning on purpose
  }
}

/**
 * The cache's and the rate limiter's Redis commands give up after 100 ms of Redis's silence,
 * but a process too busy to read an answer is not a silent Redis: under load the limiter must
 * keep counting instead of letting everything through.
 */
describeWithRedis('Redis command deadlines', () => {
  const target = new URL(redisUrlForTests() ?? '');
  let proxy: TcpProxy;
  let redis: RedisConnection;

  beforeAll(async () => {
    proxy = await TcpProxy.start(target.hostname, Number(target.port || 6379));
  });
  afterAll(async () => proxy.close());
  // A connection of each test's own: a stalled one has lost bytes and is of no further use.
  beforeEach(async () => {
    redis = createRedisClient(proxy.urlFor(target.toString()));
    await new Promise((resolve) => redis.once('ready', resolve));
  });
  afterEach(() => {
    redis.disconnect();
    proxy.restore();
  });

  it('takes an answer that came while the process was busy past the deadline', async () => {
    const key = `conduit-test-deadline-${randomUUID()}`;
    await redis.set(key, 'here', 'PX', 10_000);
    const read = requestPathDeadlines.guard(redis.get(key));
    await sent();
    busyFor(3 * REDIS_COMMAND_TIMEOUT_MS);
    await expect(read).resolves.toBe('here');
  });

  it('gives up on a Redis that does not answer, soon after the deadline', async () => {
    proxy.stall();
    const started = performance.now();
    await expect(requestPathDeadlines.guard(redis.get('anything'))).rejects.toBeInstanceOf(
      RedisTimeout,
    );
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(REDIS_COMMAND_TIMEOUT_MS);
    expect(waited).toBeLessThan(5 * REDIS_COMMAND_TIMEOUT_MS);
  });

  it('keeps counting rate limits while the event loop is busy (no failing open under load)', async () => {
    const storage = new FailOpenThrottlerStorage(
      new RedisThrottlerStorage(redis),
      new RedisAvailability(),
    );
    const key = `conduit-test-deadline-${randomUUID()}`;
    // Loaded first, so that the count is one round trip (EVALSHA), on the wire before the wait.
    await storage.increment(`${key}:warm`, 60_000, 10, 60_000, 'default');
    const counting = storage.increment(key, 60_000, 10, 60_000, 'default');
    await sent();
    busyFor(3 * REDIS_COMMAND_TIMEOUT_MS);
    expect((await counting).totalHits).toBe(1);
    expect((await storage.increment(key, 60_000, 10, 60_000, 'default')).totalHits).toBe(2);
  });
});
