import { Redis } from 'ioredis';

/**
 * The Redis the e2e suites use: REDIS_URL. A suite that needs it fails under CI=true when it
 * is missing or unreachable; elsewhere it says why and skips.
 */
export function redisUrlForTests(): string | undefined {
  const url = process.env.REDIS_URL;
  if (url === undefined && process.env.CI === 'true') {
    throw new Error('CI=true and REDIS_URL is unset: the Redis suites need it and will not skip');
  }
  return url;
}

/** `describe` for a suite that needs Redis: skipped (saying why) only outside CI. */
export function describeWithRedis(name: string, suite: () => void): void {
  if (redisUrlForTests() !== undefined) {
    describe(name, suite);
    return;
  }
  console.warn(`REDIS_URL unset: skipping "${name}" (under CI=true it fails instead)`);
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
