import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import {
  bodyOf,
  ConduitClient,
  type ArticleListResponse,
  type CommentListResponse,
  type TestUser,
  uniqueName,
} from './support/conduit-client';
import { dataQueries, recordRequestQueries } from './support/query-counter';
import { withEnv } from './support/redis';
import { startTestApp } from './support/test-app';

const ARTICLES = 24;

/**
 * No N+1: a page costs the same number of queries whether it holds 1 entry or 24,
 * with tags, authors, favorited and following flags all included. Without Redis the app also
 * relays its events from the outbox in the background: those queries are not the page's.
 */
describe.each([
  ['with Redis', {}],
  ['without Redis (an event relay polls the outbox meanwhile)', { REDIS_URL: undefined }],
])('queries per page, %s', (_mode, env: Record<string, string | undefined>) => {
  let app: NestFastifyApplication;
  let client: ConduitClient;
  let viewer: TestUser;
  let slugs: string[];
  const tag = uniqueName('qc').toLowerCase();

  beforeAll(async () => {
    app = await withEnv(env, () => startTestApp());
    client = new ConduitClient(app);
    viewer = await client.register('viewer');
    const authors = await Promise.all([client.register('writer'), client.register('writer')]);
    for (const author of authors) await client.follow(viewer.token, author.username);
    slugs = [];
    for (let i = 0; i < ARTICLES; i++) {
      const author = authors[i % authors.length];
      const article = await client.createArticle(author.token, { tagList: [`q${i % 5}`, tag] });
      slugs.push(article.slug);
      if (i % 3 === 0) await client.favorite(viewer.token, article.slug);
      await client.addComment(author.token, slugs[0], `comment ${i}`);
    }
  }, 120_000);
  afterAll(async () => app.close());

  async function queriesFor(
    path: string,
    token?: string,
  ): Promise<{ queries: number; entries: number }> {
    // Only this request's statements count, whatever the app does in the background.
    const requestId = randomUUID();
    const log = recordRequestQueries(app, requestId);
    const response = await client.get(path, token).set('X-Request-Id', requestId).expect(200);
    log.stop();
    const body = bodyOf<Partial<ArticleListResponse & CommentListResponse>>(response);
    return {
      queries: dataQueries(log).length,
      entries: (body.articles ?? body.comments ?? []).length,
    };
  }

  // The feed only holds the two followed writers' articles, so it counts like the tag list.
  it.each([
    ['the tag list', '/api/articles?tag=TAG&limit=LIMIT', true, 4],
    ['the tag list, anonymous', '/api/articles?tag=TAG&limit=LIMIT', false, 2],
    ['the feed', '/api/articles/feed?limit=LIMIT', true, 4],
    ['comments', '/api/articles/SLUG/comments?limit=LIMIT', true, 3],
  ])('%s: the same few queries for 1 entry or 24', async (_, template, authenticated, most) => {
    const path = (limit: number): string =>
      template.replace('LIMIT', String(limit)).replace('SLUG', slugs[0]).replace('TAG', tag);
    const token = authenticated ? viewer.token : undefined;
    const one = await queriesFor(path(1), token);
    const many = await queriesFor(path(ARTICLES), token);
    expect(one.entries).toBe(1);
    expect(many.entries).toBe(ARTICLES);
    expect(many.queries).toBe(one.queries);
    expect(many.queries).toBeGreaterThan(0);
    expect(many.queries).toBeLessThanOrEqual(most);
  });
});
