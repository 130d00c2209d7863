import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import { Pool } from 'pg';
import { articleResponseKey, articleRowKey, httpResponseKey } from './keys';
import { verifiedSubject } from './jwt';
import {
  findArticleBySlug,
  listArticles,
  mostUsedTags,
  viewerFlags,
  type ListFilter,
} from './queries';
import { TokenVersions } from './token-versions';
import {
  articleView,
  listedArticle,
  NO_FLAGS,
  parseCachedArticle,
  type CachedArticle,
} from './views';

/**
 * The ceiling: the reads our API serves, on bare Fastify with pg.Pool and ioredis and nothing
 * else (no logging, no validation layer, no rate limit, no DI), doing the same SQL with the same
 * round trips, and answering a cached read with one Redis GET of the finished JSON. It is what
 * our stack could at best achieve on this machine; the harness runs it beside ours.
 * Configured like ours, from the same environment variables.
 */

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    console.error(`ceiling: ${name} is required`);
    process.exit(1);
  }
  return value;
}

const PORT = Number(process.env.PORT ?? '3100');
const PREFIX = process.env.REDIS_KEY_PREFIX ?? 'conduit:';
const CACHE_TTL_SECONDS = Number(process.env.CACHE_TTL_SECONDS ?? '300');
const JWT_SECRET = Buffer.from(required('JWT_SECRET'), 'utf8');
const PAGE_LIMIT_DEFAULT = 20;
const PAGE_LIMIT_MAX = 100;
const TAG_LIST_LIMIT = 100;
const JSON_TYPE = 'application/json; charset=utf-8';

// The pool as our DataSource configures it (data-source-options.ts).
const pool = new Pool({
  connectionString: required('DATABASE_URL'),
  max: Number(process.env.DB_POOL_MAX ?? '20'),
  idleTimeoutMillis: 30_000,
  connectionTimeoutMillis: 2_000,
  statement_timeout: Number(process.env.DB_STATEMENT_TIMEOUT_MS ?? '5000'),
  application_name: 'conduit-ceiling',
});
const redis = new Redis(required('REDIS_URL'), { maxRetriesPerRequest: 1 });
const tokenVersions = new TokenVersions(pool, redis, PREFIX, CACHE_TTL_SECONDS);

type Query = Record<string, string | undefined>;

/** AuthenticationGuard's work: no header is anonymous, a bad or revoked token is refused. */
async function viewerOf(request: FastifyRequest): Promise<number | undefined | 'invalid'> {
  const header = request.headers.authorization;
  if (header === undefined || header === '') return undefined;
  const subject = verifiedSubject(header, JWT_SECRET);
  if (subject === undefined) return 'invalid';
  const { userId, tokenVersion, sessionId } = subject;
  if (!(await tokenVersions.isValid(userId, tokenVersion, sessionId))) return 'invalid';
  return userId;
}

function unauthorized(reply: FastifyReply): FastifyReply {
  return reply.code(401).send({ errors: { token: ['is invalid'] } });
}

function pageOf(query: Query): { limit: number; offset: number } | undefined {
  const limit = Number(query.limit ?? PAGE_LIMIT_DEFAULT);
  const offset = Number(query.offset ?? 0);
  if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_LIMIT_MAX) return undefined;
  if (!Number.isInteger(offset) || offset < 0) return undefined;
  return { limit, offset };
}

/** Cache-aside of a finished response: one GET when cached, else `build` then one SET. */
async function cachedResponse(key: string, build: () => Promise<string>): Promise<string> {
  const cached = await redis.get(key);
  if (cached !== null) return cached;
  const json = await build();
  await redis.set(key, json, 'EX', CACHE_TTL_SECONDS);
  return json;
}

async function articlePage(filter: ListFilter, query: Query, viewer: number | undefined) {
  const page = pageOf(query);
  if (page === undefined) return undefined;
  const { records, count } = await listArticles(pool, filter, page.limit, page.offset);
  const articles = records.map(listedArticle);
  const flags =
    viewer === undefined
      ? NO_FLAGS
      : await viewerFlags(
          pool,
          viewer,
          articles.map((article) => article.id),
          articles.map((article) => article.author.id),
        );
  return JSON.stringify({
    articles: articles.map((article) => articleView(article, flags)),
    articlesCount: count,
  });
}

/** findBySlug: the article with its author, one query, as ArticlesService.get on a miss. */
async function loadArticle(slug: string): Promise<CachedArticle | null> {
  const record = await findArticleBySlug(pool, slug);
  return record === null ? null : listedArticle(record);
}

const NOT_FOUND = JSON.stringify({ errors: { article: ['not found'] } });
const INVALID_PAGE = JSON.stringify({ errors: { limit: ['must be an integer from 1 to 100'] } });

const app = Fastify({ logger: false });

app.get('/health/ready', async () => {
  await Promise.all([pool.query('SELECT 1'), redis.ping()]);
  return { status: 'ok' };
});

app.get<{ Querystring: Query }>('/api/articles', async (request, reply) => {
  const viewer = await viewerOf(request);
  if (viewer === 'invalid') return unauthorized(reply);
  const { tag, author, favorited } = request.query;
  const filter: ListFilter = {
    ...(tag === undefined ? {} : { tag: tag.trim().toLowerCase() }),
    ...(author === undefined ? {} : { author }),
    ...(favorited === undefined ? {} : { favorited }),
  };
  const build = async (): Promise<string> => {
    const json = await articlePage(filter, request.query, viewer);
    if (json === undefined) throw new RangeError(INVALID_PAGE);
    return json;
  };
  try {
    const json =
      viewer === undefined
        ? await cachedResponse(httpResponseKey(PREFIX, request.url), build)
        : await build();
    return reply.type(JSON_TYPE).send(json);
  } catch (error) {
    if (error instanceof RangeError) return reply.code(422).type(JSON_TYPE).send(error.message);
    throw error;
  }
});

app.get<{ Querystring: Query }>('/api/articles/feed', async (request, reply) => {
  const viewer = await viewerOf(request);
  if (viewer === undefined || viewer === 'invalid') return unauthorized(reply);
  const json = await articlePage({ followedBy: viewer }, request.query, viewer);
  if (json === undefined) return reply.code(422).type(JSON_TYPE).send(INVALID_PAGE);
  return reply.type(JSON_TYPE).send(json);
});

app.get<{ Params: { slug: string } }>('/api/articles/:slug', async (request, reply) => {
  const viewer = await viewerOf(request);
  if (viewer === 'invalid') return unauthorized(reply);
  const { slug } = request.params;
  if (viewer === undefined) {
    // Anonymous: the finished response, one GET when cached.
    const cached = await redis.get(articleResponseKey(PREFIX, slug));
    if (cached !== null) return reply.type(JSON_TYPE).send(cached);
    const article = await loadArticle(slug);
    if (article === null) return reply.code(404).type(JSON_TYPE).send(NOT_FOUND);
    const json = JSON.stringify({ article: articleView(article, NO_FLAGS) });
    await redis.set(articleResponseKey(PREFIX, slug), json, 'EX', CACHE_TTL_SECONDS);
    return reply.type(JSON_TYPE).send(json);
  }
  // Signed in: the viewer-independent article (one GET when cached), then the two flag queries.
  const cached = await redis.get(articleRowKey(PREFIX, slug));
  let article = cached === null ? undefined : parseCachedArticle(cached);
  if (article === undefined) {
    const loaded = await loadArticle(slug);
    if (loaded === null) return reply.code(404).type(JSON_TYPE).send(NOT_FOUND);
    await redis.set(articleRowKey(PREFIX, slug), JSON.stringify(loaded), 'EX', CACHE_TTL_SECONDS);
    article = loaded;
  }
  const flags = await viewerFlags(pool, viewer, [article.id], [article.author.id]);
  return reply.type(JSON_TYPE).send(JSON.stringify({ article: articleView(article, flags) }));
});

app.get('/api/tags', async (request, reply) => {
  const json = await cachedResponse(httpResponseKey(PREFIX, request.url), async () =>
    JSON.stringify({ tags: await mostUsedTags(pool, TAG_LIST_LIMIT) }),
  );
  return reply.type(JSON_TYPE).send(json);
});

async function shutdown(): Promise<void> {
  await app.close();
  await pool.end();
  redis.disconnect();
  process.exit(0);
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => void shutdown());
}

async function start(): Promise<void> {
  await app.listen({ host: '127.0.0.1', port: PORT });
}

start().catch((error: unknown) => {
  console.error('ceiling: could not start', error);
  process.exit(1);
});
