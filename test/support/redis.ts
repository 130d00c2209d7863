import { Redis } from 'ioredis';

/** Set by global setup when no Redis could be had, so each skipped suite can say why. */
export const REDIS_UNAVAILABLE_REASON = 'CONDUIT_TEST_REDIS_UNAVAILABLE';

/**
 * The Redis the e2e suites use: REDIS_URL, which global setup sets to a private server when it
 * is unset (test-redis.ts). Only when no Redis could be had is it missing: a suite that needs
 * it then fails under CI=true, and elsewhere says why and skips.
 */
export function redisUrlForTests(): string | undefined {
  const url = process.env.REDIS_URL;
  if (url === undefined && process.env.CI === 'true') {
    throw new Error('CI=true and no Redis for the tests: the Redis suites will not skip');
  }
  return url;
}

/** `describe` for a suite that needs Redis: skipped (saying why, in one line) only outside CI. */
export function describeWithRedis(name: string, suite: () => void): void {
  if (redisUrlForTests() !== undefined) {
    describe(name, suite);
    return;
  }
  const reason = process.env[REDIS_UNAVAILABLE_REASON] ?? 'REDIS_URL is unset';
  console.warn(`Skipping "${name}": ${reason} (under CI=true this fails instead)`);
  describe.skip(name, suite);
}

export async function assertRedisReachable(url: string): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 2_000,
    maxRetriesPerRequest: 0,
  });
  try {
    await client.connect();
    await client.ping();
  } finally {
    client.disconnect();
  }
}

function applyEnv(values: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
}

/** Runs `work` with some environment variables set, then puts them back. */
export async function withEnv<T>(
  overrides: Record<string, string | undefined>,
  work: () => Promise<T>,
): Promise<T> {
  const saved = Object.fromEntries(Object.keys(overrides).map((name) => [name, process.env[name]]));
  applyEnv(overrides);
  try {
    return await work();
  } finally {
    applyEnv(saved);
  }
}
