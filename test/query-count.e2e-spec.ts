import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import {
  bodyOf,
  ConduitClient,
  type ArticleListResponse,
  type CommentListResponse,
  type TestUser,
} from './support/conduit-client';
import { dataQueries, recordQueries } from './support/query-counter';
import { startTestApp } from './support/test-app';

const ARTICLES = 24;

/**
 * No N+1: a page costs the same number of queries whether it holds 1 entry or 24,
 * with tags, authors, favorited and following flags all included.
 */
describe('queries per page', () => {
  let app: NestFastifyApplication;
  let client: ConduitClient;
  let dataSource: DataSource;
  let viewer: TestUser;
  let authors: TestUser[];
  let slugs: string[];

  beforeAll(async () => {
    app = await startTestApp();
    client = new ConduitClient(app);
    dataSource = app.get(DataSource);
    viewer = await client.register('viewer');
    authors = await Promise.all([client.register('writer'), client.register('writer')]);
    for (const author of authors)
      await client.post(`/api/profiles/${author.username}/follow`, undefined, viewer.token);
    slugs = [];
    for (let i = 0; i < ARTICLES; i++) {
      const author = authors[i % authors.length];
      const article = await client.createArticle(author.token, {
        tagList: [`q${i % 5}`, 'querycount'],
      });
      slugs.push(article.slug);
      if (i % 3 === 0)
        await client.post(`/api/articles/${article.slug}/favorite`, undefined, viewer.token);
      await client.post(
        `/api/articles/${slugs[0]}/comments`,
        { comment: { body: `comment ${i}` } },
        author.token,
      );
    }
  }, 120_000);
  afterAll(async () => app.close());

  async function queriesFor(
    path: string,
    token?: string,
  ): Promise<{ queries: number; entries: number }> {
    const log = recordQueries(dataSource);
    const response = await client.get(path, token).expect(200);
    log.stop();
    const body = bodyOf<Partial<ArticleListResponse & CommentListResponse>>(response);
    return {
      queries: dataQueries(log).length,
      entries: (body.articles ?? body.comments ?? []).length,
    };
  }

  it.each([
    ['the tag list', '/api/articles?tag=querycount&limit=LIMIT', true],
    ['the tag list, anonymous', '/api/articles?tag=querycount&limit=LIMIT', false],
    ['the feed', '/api/articles/feed?limit=LIMIT', true],
    ['comments', '/api/articles/SLUG/comments?limit=LIMIT', true],
  ])('%s: the same few queries for 1 entry or 24', async (_, template, authenticated) => {
    const path = (limit: number): string =>
      template.replace('LIMIT', String(limit)).replace('SLUG', slugs[0]);
    const token = authenticated ? viewer.token : undefined;
    const one = await queriesFor(path(1), token);
    const many = await queriesFor(path(ARTICLES), token);
    expect(one.entries).toBe(1);
    expect(many.entries).toBe(ARTICLES);
    expect(many.queries).toBe(one.queries);
    expect(many.queries).toBeLessThanOrEqual(4);
  });
});
