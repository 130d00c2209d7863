import { randomBytes } from 'node:crypto';
import { decodeCursor, encodeCursor } from '../src/common/pagination/page-cursor';
import { SEED_PASSWORD } from '../src/modules/seed/seed.service';
import { withClient } from './provision/bench-database';
import type { ScenarioData } from './scenarios';

/**
 * The deepest offset to request. The API has no maximum today; when it gets one (documented as
 * 10,000) it answers 422 above it, and the suite falls back to that maximum.
 */
export const DEEP_OFFSET = 99_000;
export const DOCUMENTED_MAX_OFFSET = 10_000;

/** Slugs requested over and over in the cached scenarios. */
const HOT_SET_SIZE = 1_000;
/** Slugs available to the once-each scenarios: more than one core serves in a scenario. */
const COLD_POOL_MAX = 60_000;
const FAVORITE_POOL_MAX = 20_000;

/** Writers are registered per run under this prefix, and removed with all they wrote. */
const WRITER_PREFIX = 'bench_writer_';

interface ApiAnswer {
  status: number;
  body: unknown;
}

export async function callApi(
  origin: string,
  method: 'GET' | 'POST',
  path: string,
  options: { body?: unknown; token?: string } = {},
): Promise<ApiAnswer> {
  const response = await fetch(`${origin}${path}`, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token === undefined ? {} : { authorization: `Token ${options.token}` }),
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    signal: AbortSignal.timeout(120_000),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body };
}

/** The token of a `{ user: { token } }` answer. */
function tokenOf(answer: ApiAnswer, what: string): string {
  const { body } = answer;
  if (
    typeof body === 'object' &&
    body !== null &&
    'user' in body &&
    typeof body.user === 'object' &&
    body.user !== null &&
    'token' in body.user &&
    typeof body.user.token === 'string'
  ) {
    return body.user.token;
  }
  throw new Error(`${what} answered ${answer.status}: ${JSON.stringify(body).slice(0, 300)}`);
}

async function column(url: string, sql: string, params: unknown[] = []): Promise<string[]> {
  return withClient(url, async (client) => {
    const result = await client.query<{ value: string }>(sql, params);
    return result.rows.map((row) => row.value);
  });
}

async function first(url: string, sql: string, what: string): Promise<string> {
  const [value] = await column(url, sql);
  if (value === undefined) throw new Error(`the bench database has no ${what}`);
  return value;
}

/** Slugs for the by-slug and favorite scenarios, in seeding order. */
async function slugs(url: string) {
  const hotSlugs = await column(url, `SELECT slug AS value FROM articles ORDER BY id LIMIT $1`, [
    HOT_SET_SIZE,
  ]);
  const coldSlugs = await column(
    url,
    `SELECT slug AS value FROM articles ORDER BY id OFFSET $1 LIMIT $2`,
    [HOT_SET_SIZE, COLD_POOL_MAX],
  );
  const favoriteSlugs = await column(
    url,
    `SELECT slug AS value FROM articles ORDER BY id DESC LIMIT $1`,
    [FAVORITE_POOL_MAX],
  );
  return { hotSlugs, coldSlugs, favoriteSlugs };
}

/** The reader who follows the most, the most used tag, the top favoriter and the top author. */
async function people(url: string) {
  const readerEmail = await first(
    url,
    `SELECT u.email AS value FROM users u LEFT JOIN follows f ON f.follower_id = u.id
     GROUP BY u.id ORDER BY count(f.followed_id) DESC, u.id LIMIT 1`,
    'user',
  );
  // TagsRepository.mostUsed()'s order: the tag GET /api/tags lists first.
  const topTag = await first(
    url,
    `SELECT t.name AS value FROM article_tags at JOIN tags t ON t.id = at.tag_id
     GROUP BY t.id, t.name ORDER BY count(*) DESC, t.name LIMIT 1`,
    'tagged article',
  );
  const topFavoriter = await first(
    url,
    `SELECT u.username AS value FROM users u LEFT JOIN favorites f ON f.user_id = u.id
     GROUP BY u.id ORDER BY count(f.article_id) DESC, u.id LIMIT 1`,
    'user',
  );
  const topAuthor = await first(
    url,
    `SELECT u.username AS value FROM articles a JOIN users u ON u.id = a.author_id
     GROUP BY u.id ORDER BY count(*) DESC, u.id LIMIT 1`,
    'article',
  );
  return { readerEmail, topTag, topFavoriter, topAuthor };
}

/** 99,000 unless the API refuses it with 422, then its documented maximum. */
export async function deepestOffset(origin: string, token: string): Promise<number> {
  const probe = await callApi(origin, 'GET', `/api/articles?limit=1&offset=${DEEP_OFFSET}`, {
    token,
  });
  return probe.status === 422 ? DOCUMENTED_MAX_OFFSET : DEEP_OFFSET;
}

/** Page 5,000 of the list at 20 a page starts after the 99,980th newest article. */
export const DEEP_CURSOR_PAGE = 5_000;
const PAGE_SIZE = 20;

/**
 * The cursor of page DEEP_CURSOR_PAGE of GET /api/articles (or of the last full page, on a
 * smaller dataset): the position of the article that ends the page before, as the API writes it.
 */
export async function deepCursor(databaseUrl: string): Promise<string> {
  const position = await first(
    databaseUrl,
    `SELECT json_build_object(
              't', to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
              'i', id)::text AS value
       FROM articles ORDER BY created_at DESC, id DESC
      OFFSET LEAST(${(DEEP_CURSOR_PAGE - 1) * PAGE_SIZE - 1},
                   GREATEST((SELECT count(*) FROM articles) - ${PAGE_SIZE + 1}, 0))
      LIMIT 1`,
    'article',
  );
  // A cursor is base64url of exactly such JSON; the API's decoder vouches for it here.
  const cursor = Buffer.from(position).toString('base64url');
  const decoded = decodeCursor(cursor);
  if (decoded === undefined) throw new Error(`not a cursor position: ${position}`);
  return encodeCursor(decoded);
}

/** The ETag the API answers for an anonymous GET of this path (for the 304 scenario). */
export async function entityTagOf(origin: string, path: string): Promise<string> {
  const response = await fetch(`${origin}${path}`);
  const entityTag = response.headers.get('etag');
  if (response.status !== 200 || entityTag === null) {
    throw new Error(`GET ${path}: ${response.status}, ETag ${String(entityTag)}`);
  }
  return entityTag;
}

/** Signs in as a seeded user: every seeded user has the seeder's password. */
export async function signIn(origin: string, email: string): Promise<string> {
  const answer = await callApi(origin, 'POST', '/api/users/login', {
    body: { user: { email, password: SEED_PASSWORD } },
  });
  return tokenOf(answer, `login of ${email}`);
}

/** What the scale mode's signed-in lists need: the reader's token, the tag, the favoriter. */
export async function scaleReader(
  databaseUrl: string,
  origin: string,
): Promise<{ token: string; tag: string; favoriter: string }> {
  const found = await people(databaseUrl);
  return {
    token: await signIn(origin, found.readerEmail),
    tag: found.topTag,
    favoriter: found.topFavoriter,
  };
}

/** Everything the scenarios need; registers this run's writer through the API. */
export async function gatherSuiteData(
  databaseUrl: string,
  origin: string,
  runId: string,
): Promise<ScenarioData> {
  const found = { ...(await slugs(databaseUrl)), ...(await people(databaseUrl)) };
  const readerToken = await signIn(origin, found.readerEmail);
  const writerUsername = `${WRITER_PREFIX}${runId}`;
  const writer = await callApi(origin, 'POST', '/api/users', {
    body: {
      user: {
        username: writerUsername,
        email: `${writerUsername}@example.com`,
        password: randomBytes(12).toString('base64url'),
      },
    },
  });
  return {
    hotSlugs: found.hotSlugs,
    coldSlugs: found.coldSlugs,
    favoriteSlugs: found.favoriteSlugs,
    readerToken,
    writerToken: tokenOf(writer, 'registration of the writer'),
    topTag: found.topTag,
    topFavoriter: found.topFavoriter,
    topAuthor: found.topAuthor,
    deepOffset: await deepestOffset(origin, readerToken),
    deepCursor: await deepCursor(databaseUrl),
    hotEntityTag: await entityTagOf(
      origin,
      `/api/articles/${encodeURIComponent(found.hotSlugs[0] ?? '')}`,
    ),
    loginEmail: found.readerEmail,
    loginPassword: SEED_PASSWORD,
    runId,
  };
}

/**
 * Puts the dataset back as seeded: the writers' favorites come off the counts, then the writers
 * go with everything they wrote (foreign keys cascade; the article total follows by trigger),
 * and so do the outbox rows (the seeder writes none, and nothing relays them in the bench).
 * Run at the start too, for what an interrupted run may have left.
 */
export async function removeWrites(databaseUrl: string): Promise<void> {
  const writers = `${WRITER_PREFIX.replaceAll('_', '\\_')}%`;
  await withClient(databaseUrl, async (client) => {
    await client.query('BEGIN');
    try {
      await client.query(
        `UPDATE articles a SET favorites_count = a.favorites_count - f.count
         FROM (SELECT f.article_id, count(*)::int AS count FROM favorites f
               JOIN users u ON u.id = f.user_id WHERE u.username LIKE $1 GROUP BY f.article_id) f
         WHERE a.id = f.article_id`,
        [writers],
      );
      await client.query(`DELETE FROM users WHERE username LIKE $1`, [writers]);
      await client.query(`DELETE FROM outbox_events`);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  });
}
