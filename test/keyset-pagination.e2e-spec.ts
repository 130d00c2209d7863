import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  bodyOf,
  ConduitClient,
  expectErrors,
  expectStatus,
  startConduit,
  type ArticleListResponse,
  type TestUser,
  uniqueName,
} from './support/conduit-client';

type CursorPage = ArticleListResponse & { nextCursor?: string };

/** `?cursor=` on the article lists and the feed: keyset pages, stable while articles arrive. */
describe('Keyset pagination (?cursor=)', () => {
  let app: NestFastifyApplication;
  let api: ConduitClient;
  let author: TestUser;
  let reader: TestUser;
  const tag = uniqueName('keyset').toLowerCase();
  let created: string[];
  beforeAll(async () => {
    ({ app, api } = await startConduit());
    [author, reader] = [await api.register(), await api.register()];
    created = [];
    for (let index = 0; index < 7; index++) {
      created.push((await api.createArticle(author.token, { tagList: [tag] })).slug);
    }
    await api.follow(reader.token, author.username);
  });
  afterAll(async () => app.close());

  async function page(path: string, token?: string): Promise<CursorPage> {
    const response = await api.get(path, token);
    expectStatus(response, 200);
    return bodyOf<CursorPage>(response);
  }

  /** Every page from the first, following nextCursor until there is none. */
  async function walk(base: string, token?: string): Promise<{ slugs: string[]; pages: number }> {
    const slugs: string[] = [];
    let next: string | undefined;
    let pages = 0;
    do {
      const separator = base.includes('?') ? '&' : '?';
      const current = await page(
        next === undefined ? base : `${base}${separator}cursor=${next}`,
        token,
      );
      slugs.push(...current.articles.map((article) => article.slug));
      next = current.nextCursor;
      pages++;
    } while (next !== undefined && pages < 20);
    return { slugs, pages };
  }

  it('walks a list by cursor in the same order as by offset, each article once', async () => {
    const { slugs, pages } = await walk(`/api/articles?tag=${tag}&limit=3`);
    expect(slugs).toEqual(created.toReversed());
    expect(pages).toBe(3);
    const byOffset: string[] = [];
    for (const offset of [0, 3, 6]) {
      const current = await page(`/api/articles?tag=${tag}&limit=3&offset=${offset}`);
      byOffset.push(...current.articles.map((article) => article.slug));
    }
    expect(byOffset).toEqual(slugs);
  });

  it('leaves nextCursor out on the last page, a full one included', async () => {
    const full = await page(`/api/articles?tag=${tag}&limit=7`);
    expect(full.articles).toHaveLength(7);
    expect(full.nextCursor).toBeUndefined();
    const first = await page(`/api/articles?tag=${tag}&limit=6`);
    expect(first.nextCursor).toEqual(expect.any(String));
    expect(first.articlesCount).toBe(7);
    const last = await page(`/api/articles?tag=${tag}&limit=6&cursor=${first.nextCursor}`);
    expect(last.articles.map((article) => article.slug)).toEqual([created[0]]);
    expect(last.nextCursor).toBeUndefined();
    expect(last.articlesCount).toBe(7);
  });

  it('keeps its place while new articles arrive (an offset would show one twice)', async () => {
    const localTag = uniqueName('moving').toLowerCase();
    // Another author: the reader's feed (below) holds only the suite's own articles.
    const writer = await api.register();
    for (let index = 0; index < 4; index++) {
      await api.createArticle(writer.token, { tagList: [localTag] });
    }
    const first = await page(`/api/articles?tag=${localTag}&limit=2`);
    await api.createArticle(writer.token, { tagList: [localTag] });
    const second = await page(`/api/articles?tag=${localTag}&limit=2&cursor=${first.nextCursor}`);
    const byOffset = await page(`/api/articles?tag=${localTag}&limit=2&offset=2`);
    const seen = [...first.articles, ...second.articles].map((article) => article.slug);
    expect(new Set(seen).size).toBe(4);
    expect(byOffset.articles[0].slug).toBe(first.articles[1].slug);
  });

  it('pages the feed by cursor, with the viewer flags', async () => {
    const { slugs } = await walk('/api/articles/feed?limit=4', reader.token);
    expect(slugs).toEqual(created.toReversed());
    const feed = await page('/api/articles/feed?limit=2', reader.token);
    expect(feed.articles.every((article) => article.author.following)).toBe(true);
  });

  it('refuses a cursor it did not write, and a cursor with an offset', async () => {
    expectErrors(await api.get('/api/articles?cursor=bogus'), 422, { cursor: ['is invalid'] });
    expectErrors(await api.get(`/api/articles?cursor=${'a'.repeat(201)}`), 422, {
      cursor: ['is invalid'],
    });
    const first = await page(`/api/articles?tag=${tag}&limit=2`);
    expectErrors(
      await api.get(`/api/articles?tag=${tag}&limit=2&offset=2&cursor=${first.nextCursor}`),
      422,
      { cursor: ['cannot be combined with offset'] },
    );
  });
});
