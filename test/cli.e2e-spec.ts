import { verify } from 'argon2';
import { Redis } from 'ioredis';
import { runCliProcess, type CliRun } from './support/cli-process';
import { createEventEnvironment, type EventEnvironment } from './support/event-environment';
import { describeWithRedis, redisUrlForTests } from './support/redis';

/** Small counts: enough to see every table filled and every rule hold. */
const SEED_ARGS = ['--users', '6', '--articles', '25', '--favorites', '40', '--follows', '12'];
const SEED = '7';

async function count(env: EventEnvironment, sql: string, params: unknown[] = []): Promise<number> {
  const rows = await env.db.query<{ n: string }[]>(sql, params);
  return Number(rows[0]?.n);
}

/** What a seed with --seed `seed` created, by the suffix every seeded name carries. */
async function seededCounts(env: EventEnvironment, seed: string) {
  const users = `%\\_s${seed}\\_%`;
  const articles = `%-s${seed}-%`;
  return {
    users: await count(env, `SELECT count(*) AS n FROM users WHERE username LIKE $1`, [users]),
    articles: await count(env, `SELECT count(*) AS n FROM articles WHERE slug LIKE $1`, [articles]),
    favorites: await count(
      env,
      `SELECT count(*) AS n FROM favorites f JOIN articles a ON a.id = f.article_id WHERE a.slug LIKE $1`,
      [articles],
    ),
    follows: await count(
      env,
      `SELECT count(*) AS n FROM follows f JOIN users u ON u.id = f.follower_id WHERE u.username LIKE $1`,
      [users],
    ),
  };
}

/** The generated content of a seed, as a reader sees it. */
function seededContent(env: EventEnvironment, seed: string): Promise<unknown[]> {
  return env.db.query(
    `SELECT a.slug, a.title, u.username, a.favorites_count,
            array(SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id
                  WHERE at.article_id = a.id ORDER BY t.name) AS tags
     FROM articles a JOIN users u ON u.id = a.author_id
     WHERE a.slug LIKE $1 ORDER BY a.slug`,
    [`%-s${seed}-%`],
  );
}

function registrationEvents(env: EventEnvironment, username: string): Promise<number> {
  return count(
    env,
    `SELECT count(*) AS n FROM outbox_events
     WHERE type = 'user.registered' AND payload->>'username' = $1`,
    [username],
  );
}

/** A UTC day (YYYY-MM-DD) some days before today. */
function day(daysAgo: number): string {
  return new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
}

function redisKey(env: EventEnvironment, name: string): string {
  return `${env.keyPrefix}${name}`;
}

function expectUsageError(run: CliRun, ...fragments: string[]): void {
  expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: '' });
  for (const fragment of fragments) expect(run.stderr).toContain(fragment);
}

describe('the CLI', () => {
  let env: EventEnvironment;
  const cli = (...args: string[]) => runCliProcess(args, env.env);
  const key = (name: string) => redisKey(env, name);

  beforeAll(async () => {
    env = await createEventEnvironment('cli');
  });

  afterAll(async () => {
    await env.dispose();
  });

  it('describes the options of seed in its --help', async () => {
    const run = await cli('seed', '--help');
    expect(run.code).toBe(0);
    for (const option of ['--users <n>', '--articles <n>', '--favorites <n>', '--follows <n>']) {
      expect(run.stdout).toContain(option);
    }
    expect(run.stdout).toMatch(/--tags <n>\s+.*\(default: 20\)/);
    expect(run.stdout).toMatch(/--seed <n>\s+.*\(default: 1\)/);
    expect(run.stdout).toContain('No domain events are recorded');
  });

  it('exits 2 on bad arguments, naming the bad value, option or command', async () => {
    const cases: [args: string[], fragments: string[]][] = [
      [
        ['seed', '--users', 'abc', ...SEED_ARGS.slice(2)],
        ["'abc'", 'is not a whole number'],
      ],
      [
        ['seed', '--users', '-1', ...SEED_ARGS.slice(2)],
        ["'-1'", 'is not a whole number'],
      ],
      [['seed', '--users', '2.5', ...SEED_ARGS.slice(2)], ["'2.5'"]],
      [['seed', ...SEED_ARGS, '--bogus'], ["unknown option '--bogus'"]],
      [['seed', '--users', '1'], ["required option '--articles <n>' not specified"]],
      [['seed', ...SEED_ARGS, 'extra'], ['too many arguments']],
      [['frobnicate'], ["unknown command 'frobnicate'"]],
      [
        ['analytics:report', '--days', '0'],
        ["'0'", 'from 1 to'],
      ],
    ];
    // Each run boots a process; they are independent, so they run side by side.
    const runs = await Promise.all(cases.map(([args]) => cli(...args)));
    runs.forEach((run, index) => {
      const [args, fragments] = cases[index];
      expect({ args, code: run.code, stdout: run.stdout }).toEqual({ args, code: 2, stdout: '' });
      for (const fragment of fragments) {
        expect({ args, stderr: run.stderr }).toEqual({
          args,
          stderr: expect.stringContaining(fragment),
        });
      }
    });
  });

  it('exits 1 before booting when DATABASE_URL is unset', async () => {
    const run = await runCliProcess(['events:status'], { ...env.env, DATABASE_URL: undefined });
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: expect.stringContaining('DATABASE_URL is required by the CLI'),
    });
  });

  it('refuses seed counts that cannot be met, changing nothing', async () => {
    const users = await count(env, `SELECT count(*) AS n FROM users`);
    const run = await cli(
      'seed',
      '--users',
      '2',
      '--articles',
      '1',
      '--favorites',
      '3',
      '--follows',
      '0',
    );
    expectUsageError(run, 'favorites cannot exceed users × articles (2)');
    expect(await count(env, `SELECT count(*) AS n FROM users`)).toBe(users);
  });

  describe('seed', () => {
    let outboxBefore: number;

    beforeAll(async () => {
      outboxBefore = await count(env, `SELECT count(*) AS n FROM outbox_events`);
    });

    it('creates exactly the rows asked for, consistent with each other', async () => {
      const run = await cli('seed', ...SEED_ARGS, '--tags', '4', '--seed', SEED);
      expect(run.stderr).not.toContain('error');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/Seeded in \d+\.\d s \(seed 7\)/);
      expect(run.stdout).toContain('password123');
      expect(await seededCounts(env, SEED)).toEqual({
        users: 6,
        articles: 25,
        favorites: 40,
        follows: 12,
      });
      // favorites_count is each article's favorites rows, and the total follows the triggers.
      expect(
        await count(
          env,
          `SELECT count(*) AS n FROM articles a
           WHERE favorites_count <> (SELECT count(*) FROM favorites f WHERE f.article_id = a.id)`,
        ),
      ).toBe(0);
      expect(await count(env, `SELECT sum(favorites_count) AS n FROM articles`)).toBe(40);
      expect(await count(env, `SELECT total AS n FROM article_totals`)).toBe(
        await count(env, `SELECT count(*) AS n FROM articles`),
      );
      expect(
        await count(env, `SELECT count(*) AS n FROM follows WHERE follower_id = followed_id`),
      ).toBe(0);
      expect(await count(env, `SELECT count(*) AS n FROM tags`)).toBe(4);
      // Bulk data, not user actions: no events.
      expect(await count(env, `SELECT count(*) AS n FROM outbox_events`)).toBe(outboxBefore);
    });

    it('gives every seeded user the printed password', async () => {
      const hashes = await env.db.query<{ password_hash: string }[]>(
        `SELECT DISTINCT password_hash FROM users WHERE username LIKE '%\\_s7\\_%'`,
      );
      expect(hashes).toHaveLength(1);
      expect(await verify(hashes[0].password_hash, 'password123')).toBe(true);
    });

    it('fails with exit 1 and changes nothing when the --seed was used already', async () => {
      const run = await cli('seed', ...SEED_ARGS, '--seed', SEED);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('--seed 7 was already used in this database');
      expect(await seededCounts(env, SEED)).toEqual({
        users: 6,
        articles: 25,
        favorites: 40,
        follows: 12,
      });
    });

    it('adds up with a different --seed', async () => {
      const run = await cli('seed', ...SEED_ARGS, '--seed', '8');
      expect(run.code).toBe(0);
      expect(await seededCounts(env, '8')).toEqual({
        users: 6,
        articles: 25,
        favorites: 40,
        follows: 12,
      });
      expect(await count(env, `SELECT count(*) AS n FROM articles`)).toBe(50);
    });

    it('generates the same usernames, titles and slugs from the same --seed elsewhere', async () => {
      const other = await createEventEnvironment('cli_again');
      try {
        const run = await runCliProcess(
          ['seed', ...SEED_ARGS, '--tags', '4', '--seed', SEED],
          other.env,
        );
        expect(run.code).toBe(0);
        const here = await seededContent(env, SEED);
        expect(here).toHaveLength(25);
        expect(await seededContent(other, SEED)).toEqual(here);
      } finally {
        await other.dispose();
      }
    });
  });

  describe('user:create', () => {
    it('registers the user and records one user.registered event', async () => {
      const run = await cli(
        'user:create',
        '--username',
        'cli_alice',
        '--email',
        'cli_alice@example.org',
        '--password',
        'correct horse',
      );
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Created user cli_alice <cli_alice@example.org>');
      const rows = await env.db.query<{ password_hash: string }[]>(
        `SELECT password_hash FROM users WHERE username = 'cli_alice' AND email = 'cli_alice@example.org'`,
      );
      expect(rows).toHaveLength(1);
      expect(await verify(rows[0].password_hash, 'correct horse')).toBe(true);
      expect(await registrationEvents(env, 'cli_alice')).toBe(1);
    });

    it('exits 1 with a clear message on a taken username, changing nothing', async () => {
      const users = await count(env, `SELECT count(*) AS n FROM users`);
      const events = await count(env, `SELECT count(*) AS n FROM outbox_events`);
      const run = await cli(
        'user:create',
        '--username',
        'cli_alice',
        '--email',
        'someone.else@example.org',
        '--password',
        'correct horse',
      );
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('error: username has already been taken');
      expect(await count(env, `SELECT count(*) AS n FROM users`)).toBe(users);
      expect(await count(env, `SELECT count(*) AS n FROM outbox_events`)).toBe(events);
    });

    it('exits 2 on input the API would refuse, by the same rules', async () => {
      const run = await cli(
        'user:create',
        '--username',
        'cli_bob',
        '--email',
        'not-an-email',
        '--password',
        'short',
      );
      expectUsageError(run, 'email is invalid', 'password is too short (minimum is 8 characters)');
      expect(await count(env, `SELECT count(*) AS n FROM users WHERE username = 'cli_bob'`)).toBe(
        0,
      );
    });

    it('shows the unpublished event in events:status (no worker runs)', async () => {
      const run = await cli('events:status', '--json');
      expect(run.code).toBe(0);
      const oldest = await env.db.query<{ at: Date }[]>(
        `SELECT min(occurred_at) AS at FROM outbox_events WHERE published_at IS NULL`,
      );
      expect(JSON.parse(run.stdout)).toEqual({
        outbox: {
          unpublished: await count(
            env,
            `SELECT count(*) AS n FROM outbox_events WHERE published_at IS NULL`,
          ),
          oldestUnpublishedAt: oldest[0].at.toISOString(),
          oldestUnpublishedAgeSeconds: expect.any(Number),
          dead: 0,
        },
        stream: null,
      });
      expect(JSON.parse(run.stdout).outbox.unpublished).toBeGreaterThanOrEqual(1);
    });
  });

  it('reports the daily analytics counters of the days asked for', async () => {
    await env.db.query(
      `INSERT INTO analytics_daily_counters (day, metric, count) VALUES
         ($1, 'signups', 3), ($1, 'favorites', 11), ($2, 'articles_published', 5), ($3, 'signups', 99)`,
      [day(0), day(1), day(10)],
    );
    const [json, table] = await Promise.all([
      cli('analytics:report', '--days', '2', '--json'),
      cli('analytics:report', '--days', '2'),
    ]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      days: 2,
      rows: [
        { day: day(1), signups: 0, articles_published: 5, favorites: 0 },
        { day: day(0), signups: 3, articles_published: 0, favorites: 11 },
      ],
    });
    expect(table.code).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[1].split(/\s+/)).toEqual(['day', 'signups', 'articles_published', 'favorites']);
    expect(lines.slice(2).map((line) => line.split(/\s+/))).toEqual([
      [day(1), '0', '5', '0'],
      [day(0), '3', '0', '11'],
    ]);
    expect(table.stdout).not.toContain('99');
  });

  it('says there is nothing shared to flush without Redis', async () => {
    const run = await cli('cache:flush');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('nothing shared to flush');
  });

  describeWithRedis('with Redis', () => {
    let redis: Redis;
    let redisEnv: Record<string, string>;

    beforeAll(() => {
      const url = redisUrlForTests() ?? '';
      redis = new Redis(url);
      redisEnv = { ...env.env, REDIS_URL: url };
    });

    afterAll(async () => {
      const keys = await redis.keys(`${env.keyPrefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    });

    it('events:status --json counts the stream, its groups and the dead letters', async () => {
      await redis.xadd(key('events'), '*', 'type', 'user.registered', 'event', '{"id":"a"}');
      await redis.xgroup('CREATE', key('events'), 'analytics', '0');
      await redis.xadd(
        key('events:dead'),
        '*',
        'type',
        'user.registered',
        'event',
        '{"id":"dead-one"}',
        'consumer',
        'notifications',
        'entryId',
        '1-1',
        'attempts',
        '5',
        'error',
        'smtp down',
      );
      const run = await runCliProcess(['events:status', '--json'], redisEnv);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout).stream).toEqual({
        key: key('events'),
        length: 1,
        groups: [{ name: 'analytics', consumers: 0, pending: 0, lag: 1 }],
        deadLetterKey: key('events:dead'),
        deadLetterLength: 1,
      });
    });

    it('events:replay-dead moves the dead letters back to the stream, original fields only', async () => {
      const run = await runCliProcess(['events:replay-dead'], redisEnv);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Replayed 1 dead-letter entries');
      expect(await redis.xlen(key('events:dead'))).toBe(0);
      expect(await redis.xlen(key('events'))).toBe(2);
      const [[, fields]] = await redis.xrevrange(key('events'), '+', '-', 'COUNT', 1);
      expect(fields).toEqual(['type', 'user.registered', 'event', '{"id":"dead-one"}']);
    });

    it('cache:flush deletes the cached values and nothing else', async () => {
      await redis.set(key('cache:article:a@0'), '{}');
      await redis.set(key('cache:tags:popular@3'), '[]');
      await redis.set(key('version:lists'), '3');
      await redis.set(key('other'), 'x');
      const otherPrefix = `${env.keyPrefix}elsewhere:`;
      await redis.set(`${otherPrefix}cache:x@0`, '{}');
      const run = await runCliProcess(['cache:flush'], redisEnv);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Deleted 2 cached values');
      expect(await redis.keys(key('cache:*'))).toEqual([]);
      expect(await redis.get(key('version:lists'))).toBe('3');
      expect(await redis.get(key('other'))).toBe('x');
      expect(await redis.get(`${otherPrefix}cache:x@0`)).toBe('{}');
    });
  });
});
