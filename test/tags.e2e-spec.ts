import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  bodyOf,
  ConduitClient,
  expectErrors,
  expectStatus,
  type TagsResponse,
  type TestUser,
  startConduit,
} from './support/conduit-client';

/**
 * Other suites add tags to the same database at the same time, each on one or two articles.
 * The tags these tests look for are on at least two articles, so that other suites' tags
 * cannot push them out of the bounded, most-used-first list.
 */
describe('GET /api/tags', () => {
  let app: NestFastifyApplication;
  let api: ConduitClient;
  beforeAll(async () => ({ app, api } = await startConduit()));
  afterAll(async () => app.close());

  async function tags(): Promise<string[]> {
    const response = await api.get('/api/tags');
    expectStatus(response, 200);
    return bodyOf<TagsResponse>(response).tags;
  }

  async function tagArticles(author: TestUser, count: number, tagList: string[]): Promise<void> {
    for (let index = 0; index < count; index += 1) {
      await api.createArticle(author.token, { tagList });
    }
  }

  it('answers 200 with {"tags": [...]} of strings, without authentication', async () => {
    const response = await api.get('/api/tags');
    expectStatus(response, 200);
    const body = bodyOf<TagsResponse>(response);
    expect(Object.keys(body)).toEqual(['tags']);
    expect(Array.isArray(body.tags)).toBe(true);
    for (const tag of body.tags) expect(typeof tag).toBe('string');
    expect(new Set(body.tags).size).toBe(body.tags.length);
  });

  it('includes the tags of new articles, in their normalised spelling', async () => {
    const author = await api.register('tagger');
    const dragons = `dragons_${author.username}`;
    const training = `training_${author.username}`;
    await tagArticles(author, 2, [` DRAGONS_${author.username} `, training]);

    const listed = await tags();
    expect(listed).toEqual(expect.arrayContaining([dragons, training]));
    expect(listed).not.toContain(` DRAGONS_${author.username} `);
    expect(listed.filter((tag) => tag === dragons)).toHaveLength(1);
  });

  it('lists the most used tags first', async () => {
    const author = await api.register('ranker');
    const hot = `zz_hot_${author.username}`;
    const warm = `aa_warm_${author.username}`;
    await tagArticles(author, 2, [warm, hot]);
    await tagArticles(author, 2, [hot]);

    const listed = await tags();
    expect(listed).toContain(hot);
    expect(listed).toContain(warm);
    // Alphabetically warm comes first; by use (4 against 2), hot does.
    expect(listed.indexOf(hot)).toBeLessThan(listed.indexOf(warm));
  });

  it('is bounded: more tags than a page holds are not all listed', async () => {
    const author = await api.register('flood');
    // 6 articles with 20 tags each: 120 tags, each on one article.
    for (let article = 0; article < 6; article += 1) {
      const tagList = Array.from(
        { length: 20 },
        (_, index) => `flood_${author.username}_${article}_${index}`,
      );
      await api.createArticle(author.token, { tagList });
    }
    // There are now more than 100 tags in use (these 120 alone): exactly a page is listed.
    const listed = await tags();
    expect(listed).toHaveLength(100);
    expect(new Set(listed).size).toBe(100);
  });

  it('no longer lists a tag once no article carries it', async () => {
    const author = await api.register('cleaner');
    const fleeting = `fleeting_${author.username}`;
    const first = await api.createArticle(author.token, { tagList: [fleeting] });
    const second = await api.createArticle(author.token, { tagList: [fleeting] });
    expect(await tags()).toContain(fleeting);

    expectStatus(await api.delete(`/api/articles/${first.slug}`, author.token), 204);
    const cleared = await api.put(
      `/api/articles/${second.slug}`,
      { article: { tagList: [] } },
      author.token,
    );
    expectStatus(cleared, 200);
    expect(await tags()).not.toContain(fleeting);
  });

  it('answers 401 token is invalid for a bad token, even though the route is public', async () => {
    expectErrors(await api.get('/api/tags', 'garbage'), 401, { token: ['is invalid'] });
  });
});
