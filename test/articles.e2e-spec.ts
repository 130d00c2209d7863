import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  type ArticleListResponse,
  type ArticleResponse,
  type ArticleView,
  bearerAuth,
  bodyOf,
  ConduitClient,
  type ErrorResponse,
  expectErrors,
  expectFieldError,
  expectStatus,
  ISO_TIMESTAMP,
  type TestUser,
  uniqueName,
  startConduit,
} from './support/conduit-client';

/** Keys of a single article; list entries have the same keys but `body`. */
const ARTICLE_KEYS = [
  'author',
  'body',
  'createdAt',
  'description',
  'favorited',
  'favoritesCount',
  'slug',
  'tagList',
  'title',
  'updatedAt',
];
const LIST_ENTRY_KEYS = ARTICLE_KEYS.filter((key) => key !== 'body');

const articlePath = (slug: string): string => `/api/articles/${encodeURIComponent(slug)}`;

const slugsOf = (page: ArticleListResponse): string[] => page.articles.map((a) => a.slug);

/** What a list entry for `article` looks like to a viewer with these flags. */
function listEntryOf(
  article: ArticleView,
  flags: { following?: boolean; favorited?: boolean } = {},
): ArticleView {
  const { body: _body, ...entry } = article;
  return {
    ...entry,
    favorited: flags.favorited ?? false,
    author: { ...article.author, following: flags.following ?? false },
  };
}

describe('articles', () => {
  let app: NestFastifyApplication;
  let api: ConduitClient;
  beforeAll(async () => ({ app, api } = await startConduit()));
  afterAll(async () => app.close());

  /** Creates articles one after another, so each is newer than the one before. */
  async function createInOrder(author: TestUser, count: number): Promise<ArticleView[]> {
    const created: ArticleView[] = [];
    for (let index = 0; index < count; index += 1) {
      created.push(await api.createArticle(author.token));
    }
    return created;
  }

  describe('POST /api/articles', () => {
    it('answers 201 with the new article, readable at its slug', async () => {
      const author = await api.register('author');
      const title = `How to train your dragon ${uniqueName('t')}`;
      const response = await api.post(
        '/api/articles',
        {
          article: {
            title,
            description: 'Ever wonder how?',
            body: 'You have to believe',
            tagList: [`dragons_${author.username}`, `training_${author.username}`],
          },
        },
        author.token,
      );
      expectStatus(response, 201);
      const { article } = bodyOf<ArticleResponse>(response);
      expect(article).toEqual({
        slug: expect.any(String),
        title,
        description: 'Ever wonder how?',
        body: 'You have to believe',
        tagList: [`dragons_${author.username}`, `training_${author.username}`],
        createdAt: expect.stringMatching(ISO_TIMESTAMP),
        updatedAt: expect.stringMatching(ISO_TIMESTAMP),
        favorited: false,
        favoritesCount: 0,
        author: { username: author.username, bio: null, image: null, following: false },
      });
      expect(Object.keys(article).toSorted()).toEqual(ARTICLE_KEYS);
      expect(article.slug).not.toHaveLength(0);
      // Slugs go into URLs as they are.
      expect(encodeURIComponent(article.slug)).toBe(article.slug);

      const read = await api.get(articlePath(article.slug));
      expectStatus(read, 200);
      expect(bodyOf<ArticleResponse>(read).article).toEqual(article);
    });

    it('answers 201 with an empty tagList when none is given', async () => {
      const author = await api.register('author');
      const article = await api.createArticle(author.token);
      expect(article.tagList).toEqual([]);
    });

    it('normalises tags: trimmed, lower-cased, deduplicated and sorted', async () => {
      const author = await api.register('author');
      const suffix = author.username;
      const article = await api.createArticle(author.token, {
        tagList: [` Zeta_${suffix} `, `alpha_${suffix}`, `ALPHA_${suffix}`, `Mid_${suffix}`],
      });
      const expected = [`alpha_${suffix}`, `mid_${suffix}`, `zeta_${suffix}`];
      expect(article.tagList).toEqual(expected);
      expect((await api.getArticle(article.slug)).tagList).toEqual(expected);
    });

    it('gives articles with the same title distinct slugs', async () => {
      const author = await api.register('author');
      const title = `Same title ${uniqueName('dup')}`;
      const first = await api.createArticle(author.token, { title, description: 'first' });
      const second = await api.createArticle(author.token, { title, description: 'second' });
      expect(second.slug).not.toBe(first.slug);
      expect(second.title).toBe(title);
      expect((await api.getArticle(first.slug)).description).toBe('first');
      expect((await api.getArticle(second.slug)).description).toBe('second');
    });

    it('accepts Bearer authentication', async () => {
      const author = await api.register('author');
      const response = await api
        .post('/api/articles', {
          article: { title: uniqueName('Bearer'), description: 'd', body: 'b' },
        })
        .set('Authorization', bearerAuth(author.token));
      expectStatus(response, 201);
      expect(bodyOf<ArticleResponse>(response).article.author.username).toBe(author.username);
    });

    it('answers 401 token is missing without a token', async () => {
      const response = await api.post('/api/articles', {
        article: { title: uniqueName('NoAuth'), description: 'd', body: 'b' },
      });
      expectErrors(response, 401, { token: ['is missing'] });
    });

    it('answers 401 token is invalid for a garbage token', async () => {
      const response = await api.post(
        '/api/articles',
        { article: { title: uniqueName('BadAuth'), description: 'd', body: 'b' } },
        'garbage',
      );
      expectErrors(response, 401, { token: ['is invalid'] });
    });

    it.each(['title', 'description', 'body'])('answers 422 when %s is blank', async (field) => {
      const author = await api.register('author');
      const article = { title: uniqueName('Blank'), description: 'd', body: 'b', [field]: '' };
      const response = await api.post('/api/articles', { article }, author.token);
      expectFieldError(response, field, "can't be blank");
    });

    it.each(['title', 'description', 'body'])('answers 422 when %s is missing', async (field) => {
      const author = await api.register('author');
      const article: Record<string, string> = {
        title: uniqueName('Missing'),
        description: 'd',
        body: 'b',
      };
      delete article[field];
      const response = await api.post('/api/articles', { article }, author.token);
      expectFieldError(response, field, "can't be blank");
    });

    it('answers 422 when the article object is missing', async () => {
      const author = await api.register('author');
      const response = await api.post('/api/articles', {}, author.token);
      expectStatus(response, 422);
    });

    it.each([
      ['a string', 'not-a-list'],
      ['a list with a number', ['ok', 42]],
    ])('answers 422 when tagList is %s', async (_, tagList) => {
      const author = await api.register('author');
      const response = await api.post(
        '/api/articles',
        { article: { title: uniqueName('BadTags'), description: 'd', body: 'b', tagList } },
        author.token,
      );
      expectStatus(response, 422);
      expect(bodyOf<ErrorResponse>(response).errors).toHaveProperty('tagList');
    });

    it('creates nothing when validation fails', async () => {
      const author = await api.register('author');
      const response = await api.post(
        '/api/articles',
        { article: { title: uniqueName('Nothing'), description: '', body: 'b' } },
        author.token,
      );
      expectStatus(response, 422);
      expect((await api.listArticles({ author: author.username })).articlesCount).toBe(0);
    });
  });

  describe('GET /api/articles/:slug', () => {
    it('answers 200 with the article and its body, without authentication', async () => {
      const author = await api.register('author');
      const created = await api.createArticle(author.token, { body: 'The whole body' });
      const response = await api.get(articlePath(created.slug));
      expectStatus(response, 200);
      const { article } = bodyOf<ArticleResponse>(response);
      expect(article).toEqual(created);
      expect(article.body).toBe('The whole body');
    });

    it('shows author.following for a viewer who follows the author (Token and Bearer)', async () => {
      const [author, fan] = await Promise.all([api.register('author'), api.register('fan')]);
      const created = await api.createArticle(author.token);
      await api.follow(fan.token, author.username);
      expect((await api.getArticle(created.slug, fan.token)).author.following).toBe(true);
      const viaBearer = await api
        .get(articlePath(created.slug))
        .set('Authorization', bearerAuth(fan.token));
      expectStatus(viaBearer, 200);
      expect(bodyOf<ArticleResponse>(viaBearer).article.author.following).toBe(true);
      expect((await api.getArticle(created.slug)).author.following).toBe(false);
    });

    it('answers 404 article not found for an unknown slug', async () => {
      const response = await api.get(articlePath(uniqueName('unknown-slug')));
      expectErrors(response, 404, { article: ['not found'] });
    });

    it('answers 401 token is invalid for a bad token, even though the route is public', async () => {
      const author = await api.register('author');
      const created = await api.createArticle(author.token);
      const response = await api.get(articlePath(created.slug), 'garbage');
      expectErrors(response, 401, { token: ['is invalid'] });
    });
  });

  describe('GET /api/articles', () => {
    it('lists articles newest first, without bodies, with the total count', async () => {
      // Two articles at least, so the checks below have entries to check.
      const author = await api.register('lister');
      await createInOrder(author, 2);
      const response = await api.get('/api/articles');
      expectStatus(response, 200);
      const page = bodyOf<ArticleListResponse>(response);
      expect(Number.isInteger(page.articlesCount)).toBe(true);
      expect(page.articles.length).toBeGreaterThanOrEqual(2);
      expect(page.articles.length).toBeLessThanOrEqual(20);
      expect(page.articlesCount).toBeGreaterThanOrEqual(page.articles.length);
      for (const entry of page.articles) {
        expect(Object.keys(entry).toSorted()).toEqual(LIST_ENTRY_KEYS);
        expect(entry.createdAt).toMatch(ISO_TIMESTAMP);
        expect(entry.updatedAt).toMatch(ISO_TIMESTAMP);
      }
      const times = page.articles.map((entry) => Date.parse(entry.createdAt));
      expect(times).toEqual(times.toSorted((a, b) => b - a));
    });

    it('filters by author, newest first, and counts all matches', async () => {
      const [author, other] = await Promise.all([api.register('author'), api.register('other')]);
      const [first, second, third] = await createInOrder(author, 3);
      if (!first || !second || !third) throw new Error('expected three articles');
      await api.createArticle(other.token);

      const page = await api.listArticles({ author: author.username });
      expect(page.articlesCount).toBe(3);
      expect(page.articles).toEqual([third, second, first].map((a) => listEntryOf(a)));
    });

    it('pages with limit and offset; articlesCount stays the total', async () => {
      const author = await api.register('pager');
      const [first, second, third] = await createInOrder(author, 3);
      if (!first || !second || !third) throw new Error('expected three articles');
      const query = { author: author.username };

      const firstPage = await api.listArticles({ ...query, limit: 1 });
      expect(firstPage.articlesCount).toBe(3);
      expect(slugsOf(firstPage)).toEqual([third.slug]);

      const secondPage = await api.listArticles({ ...query, limit: 1, offset: 1 });
      expect(secondPage.articlesCount).toBe(3);
      expect(slugsOf(secondPage)).toEqual([second.slug]);

      const lastTwo = await api.listArticles({ ...query, limit: 2, offset: 1 });
      expect(slugsOf(lastTwo)).toEqual([second.slug, first.slug]);

      const beyond = await api.listArticles({ ...query, offset: 3 });
      expect(beyond.articlesCount).toBe(3);
      expect(beyond.articles).toEqual([]);
    });

    it('returns 20 articles by default and up to 100 when asked', async () => {
      const author = await api.register('prolific');
      await Promise.all(Array.from({ length: 21 }, () => api.createArticle(author.token)));

      const byDefault = await api.listArticles({ author: author.username });
      expect(byDefault.articlesCount).toBe(21);
      expect(byDefault.articles).toHaveLength(20);

      const atMost = await api.listArticles({ author: author.username, limit: 100 });
      expect(atMost.articlesCount).toBe(21);
      expect(atMost.articles).toHaveLength(21);
    });

    it('keeps the counts of a tag and of authors exact under concurrent writes and deletes', async () => {
      const authors = await Promise.all(Array.from({ length: 4 }, () => api.register('counted')));
      const tag = `counted_${authors[0].username}`.toLowerCase();
      const created = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          api.createArticle(authors[i % 4].token, { tagList: [tag, `other_${i}`] }),
        ),
      );
      expect((await api.listArticles({ tag })).articlesCount).toBe(20);
      expect((await api.listArticles({ author: authors[1].username })).articlesCount).toBe(5);
      // Deleting, and editing the tag away, in parallel.
      await Promise.all([
        ...created
          .slice(0, 4)
          .map((article, i) =>
            api.delete(`/api/articles/${article.slug}`, authors[i % 4].token).expect(204),
          ),
        ...created
          .slice(4, 7)
          .map((article, i) =>
            api
              .put(
                `/api/articles/${article.slug}`,
                { article: { tagList: [] } },
                authors[i % 4].token,
              )
              .expect(200),
          ),
      ]);
      const byTag = await api.listArticles({ tag, limit: 100 });
      expect(byTag.articlesCount).toBe(13);
      expect(byTag.articles).toHaveLength(13);
      const byAuthor = await api.listArticles({ author: authors[0].username });
      expect(byAuthor.articlesCount).toBe(byAuthor.articles.length);
      expect(byAuthor.articlesCount).toBe(4);
      // The feed counts the followed authors' articles.
      const reader = await api.register('reader');
      await api.follow(reader.token, authors[2].username);
      await api.follow(reader.token, authors[3].username);
      const feed = await api.get('/api/articles/feed', reader.token).query({ limit: 100 });
      const page = bodyOf<ArticleListResponse>(feed);
      expect(page.articlesCount).toBe(page.articles.length);
      expect(page.articlesCount).toBe(8);
    });

    it('filters by tag, alone and together with author', async () => {
      const [author, other] = await Promise.all([api.register('tagger'), api.register('other')]);
      const rare = `rare_${author.username}`;
      const common = `common_${author.username}`;
      const both = await api.createArticle(author.token, { tagList: [rare, common] });
      const commonOnly = await api.createArticle(author.token, { tagList: [common] });
      const othersCommon = await api.createArticle(other.token, { tagList: [common] });
      await api.createArticle(author.token);

      const byRare = await api.listArticles({ tag: rare });
      expect(byRare.articlesCount).toBe(1);
      expect(byRare.articles).toEqual([listEntryOf(both)]);

      const byCommon = await api.listArticles({ tag: common });
      expect(byCommon.articlesCount).toBe(3);
      expect(slugsOf(byCommon)).toEqual([othersCommon.slug, commonOnly.slug, both.slug]);
      for (const entry of byCommon.articles) expect(entry.tagList).toContain(common);

      const byCommonAndAuthor = await api.listArticles({ tag: common, author: author.username });
      expect(byCommonAndAuthor.articlesCount).toBe(2);
      expect(slugsOf(byCommonAndAuthor)).toEqual([commonOnly.slug, both.slug]);

      const byRareAndOther = await api.listArticles({ tag: rare, author: other.username });
      expect(byRareAndOther).toEqual({ articles: [], articlesCount: 0 });
    });

    it('answers an empty page for an unknown author or tag', async () => {
      expect(await api.listArticles({ author: uniqueName('nobody') })).toEqual({
        articles: [],
        articlesCount: 0,
      });
      expect(await api.listArticles({ tag: uniqueName('notag') })).toEqual({
        articles: [],
        articlesCount: 0,
      });
    });

    it('shows following and favorited as the viewer sees them', async () => {
      const [author, fan] = await Promise.all([api.register('author'), api.register('fan')]);
      const liked = await api.createArticle(author.token);
      const notLiked = await api.createArticle(author.token);
      await api.follow(fan.token, author.username);
      await api.favorite(fan.token, liked.slug);

      const asFan = await api.listArticles({ author: author.username }, fan.token);
      expect(asFan.articles).toEqual([
        listEntryOf(notLiked, { following: true }),
        listEntryOf({ ...liked, favoritesCount: 1 }, { following: true, favorited: true }),
      ]);

      const anonymous = await api.listArticles({ author: author.username });
      expect(anonymous.articles).toEqual([
        listEntryOf(notLiked),
        listEntryOf({ ...liked, favoritesCount: 1 }),
      ]);

      const viaBearer = await api
        .get('/api/articles')
        .query({ author: author.username })
        .set('Authorization', bearerAuth(fan.token));
      expectStatus(viaBearer, 200);
      expect(
        bodyOf<ArticleListResponse>(viaBearer).articles.map((a) => a.author.following),
      ).toEqual([true, true]);
    });

    it('answers 401 token is invalid for a bad token, even though the route is public', async () => {
      expectErrors(await api.get('/api/articles', 'garbage'), 401, { token: ['is invalid'] });
    });

    it.each([
      ['limit', '101'],
      ['limit', '0'],
      ['limit', 'abc'],
      ['limit', '1.5'],
      ['offset', '-1'],
      ['offset', 'abc'],
    ])('answers 422 for %s=%s', async (name, value) => {
      const response = await api.get('/api/articles').query({ [name]: value });
      expectStatus(response, 422);
      expect(bodyOf<ErrorResponse>(response).errors).toHaveProperty(name);
    });

    it('accepts limit=100 and offset=0', async () => {
      const response = await api.get('/api/articles').query({ limit: 100, offset: 0 });
      expectStatus(response, 200);
      const page = bodyOf<ArticleListResponse>(response);
      expect(page.articles.length).toBe(Math.min(page.articlesCount, 100));
    });

    it('serves offsets up to 10000 and refuses deeper ones, pointing at filters', async () => {
      const deepest = await api.get('/api/articles').query({ offset: 10_000 });
      expectStatus(deepest, 200);
      expect(bodyOf<ArticleListResponse>(deepest).articles).toEqual([]);
      for (const path of ['/api/articles', '/api/articles/feed']) {
        const reader = await api.register('deep');
        const response = await api.get(path, reader.token).query({ offset: 10_001 });
        expectErrors(response, 422, {
          offset: [
            'must be an integer from 0 to 10000; narrow the list with a filter to reach further',
          ],
        });
      }
    });
  });

  describe('GET /api/articles/feed', () => {
    it('answers an empty feed to a user who follows nobody', async () => {
      const reader = await api.register('reader');
      const response = await api.get('/api/articles/feed', reader.token);
      expectStatus(response, 200);
      expect(bodyOf<ArticleListResponse>(response)).toEqual({ articles: [], articlesCount: 0 });
    });

    it('lists only the followed authors’ articles, newest first, without bodies', async () => {
      const [reader, followedA, followedB, stranger] = await Promise.all([
        api.register('reader'),
        api.register('followeda'),
        api.register('followedb'),
        api.register('stranger'),
      ]);
      await api.follow(reader.token, followedA.username);
      await api.follow(reader.token, followedB.username);
      const a1 = await api.createArticle(followedA.token);
      const b1 = await api.createArticle(followedB.token);
      await api.createArticle(stranger.token);
      const a2 = await api.createArticle(followedA.token);
      await api.createArticle(reader.token);

      const response = await api.get('/api/articles/feed', reader.token);
      expectStatus(response, 200);
      const feed = bodyOf<ArticleListResponse>(response);
      expect(feed.articlesCount).toBe(3);
      expect(feed.articles).toEqual([a2, b1, a1].map((a) => listEntryOf(a, { following: true })));

      const page = await api.get('/api/articles/feed', reader.token).query({ limit: 1, offset: 1 });
      expectStatus(page, 200);
      expect(bodyOf<ArticleListResponse>(page).articlesCount).toBe(3);
      expect(slugsOf(bodyOf<ArticleListResponse>(page))).toEqual([b1.slug]);

      await api.delete(`/api/profiles/${followedB.username}/follow`, reader.token);
      const afterUnfollow = await api.get('/api/articles/feed', reader.token);
      expect(slugsOf(bodyOf<ArticleListResponse>(afterUnfollow))).toEqual([a2.slug, a1.slug]);
      expect(bodyOf<ArticleListResponse>(afterUnfollow).articlesCount).toBe(2);
    });

    it('accepts Bearer authentication', async () => {
      const [reader, writer] = await Promise.all([api.register('reader'), api.register('writer')]);
      await api.follow(reader.token, writer.username);
      const article = await api.createArticle(writer.token);
      const response = await api
        .get('/api/articles/feed')
        .set('Authorization', bearerAuth(reader.token));
      expectStatus(response, 200);
      expect(slugsOf(bodyOf<ArticleListResponse>(response))).toEqual([article.slug]);
    });

    it('answers 401 token is missing without a token', async () => {
      expectErrors(await api.get('/api/articles/feed'), 401, { token: ['is missing'] });
    });

    it('answers 401 token is invalid for a garbage token', async () => {
      expectErrors(await api.get('/api/articles/feed', 'garbage'), 401, {
        token: ['is invalid'],
      });
    });

    it.each([
      ['limit', '101'],
      ['limit', '0'],
      ['limit', 'abc'],
      ['offset', '-1'],
    ])('answers 422 for %s=%s', async (name, value) => {
      const reader = await api.register('reader');
      const response = await api.get('/api/articles/feed', reader.token).query({ [name]: value });
      expectStatus(response, 422);
      expect(bodyOf<ErrorResponse>(response).errors).toHaveProperty(name);
    });
  });

  describe('PUT /api/articles/:slug', () => {
    it('updates the body only; title, slug, tags and createdAt stay, updatedAt moves', async () => {
      const author = await api.register('editor');
      const [tagA, tagB] = [`a_${author.username}`, `b_${author.username}`];
      const created = await api.createArticle(author.token, { tagList: [tagB, tagA] });
      const response = await api.put(
        articlePath(created.slug),
        { article: { body: 'Updated body' } },
        author.token,
      );
      expectStatus(response, 200);
      const { article } = bodyOf<ArticleResponse>(response);
      expect(article).toEqual({ ...created, body: 'Updated body', updatedAt: article.updatedAt });
      expect(article.updatedAt).toMatch(ISO_TIMESTAMP);
      expect(article.updatedAt).not.toBe(created.updatedAt);
      expect(Date.parse(article.updatedAt)).toBeGreaterThan(Date.parse(created.updatedAt));
      expect(article.tagList).toEqual([tagA, tagB]);

      expect(await api.getArticle(created.slug)).toEqual(article);
    });

    it('updates the description', async () => {
      const author = await api.register('editor');
      const created = await api.createArticle(author.token);
      const response = await api.put(
        articlePath(created.slug),
        { article: { description: 'New description' } },
        author.token,
      );
      expectStatus(response, 200);
      expect(bodyOf<ArticleResponse>(response).article).toMatchObject({
        slug: created.slug,
        description: 'New description',
        body: created.body,
      });
    });

    it('gives a new title a new slug; the old slug is gone', async () => {
      const author = await api.register('editor');
      const created = await api.createArticle(author.token);
      const title = `A brand new title ${uniqueName('t')}`;
      const response = await api.put(
        articlePath(created.slug),
        { article: { title } },
        author.token,
      );
      expectStatus(response, 200);
      const { article } = bodyOf<ArticleResponse>(response);
      expect(article.title).toBe(title);
      expect(article.slug).not.toBe(created.slug);
      expect(article.createdAt).toBe(created.createdAt);

      expect(await api.getArticle(article.slug)).toEqual(article);
      expectErrors(await api.get(articlePath(created.slug)), 404, { article: ['not found'] });
    });

    it('keeps the slugs distinct when retitled to another article’s title', async () => {
      const author = await api.register('editor');
      const title = `Taken title ${uniqueName('t')}`;
      const existing = await api.createArticle(author.token, { title });
      const created = await api.createArticle(author.token);
      const response = await api.put(
        articlePath(created.slug),
        { article: { title } },
        author.token,
      );
      expectStatus(response, 200);
      const { article } = bodyOf<ArticleResponse>(response);
      expect(article.title).toBe(title);
      expect(article.slug).not.toBe(existing.slug);
      expect((await api.getArticle(existing.slug)).description).toBe(existing.description);
    });

    it('keeps the slug when the title does not change', async () => {
      const author = await api.register('editor');
      const created = await api.createArticle(author.token);
      const response = await api.put(
        articlePath(created.slug),
        { article: { title: created.title, body: 'changed' } },
        author.token,
      );
      expectStatus(response, 200);
      expect(bodyOf<ArticleResponse>(response).article.slug).toBe(created.slug);
    });

    it('replaces the tags with a normalised tagList, and [] clears them', async () => {
      const author = await api.register('editor');
      const suffix = author.username;
      const created = await api.createArticle(author.token, { tagList: [`old_${suffix}`] });

      const replaced = await api.put(
        articlePath(created.slug),
        { article: { tagList: [` New_B_${suffix} `, `new_a_${suffix}`, `NEW_A_${suffix}`] } },
        author.token,
      );
      expectStatus(replaced, 200);
      expect(bodyOf<ArticleResponse>(replaced).article.tagList).toEqual([
        `new_a_${suffix}`,
        `new_b_${suffix}`,
      ]);
      expect(await api.listArticles({ tag: `old_${suffix}` })).toEqual({
        articles: [],
        articlesCount: 0,
      });

      const cleared = await api.put(
        articlePath(created.slug),
        { article: { tagList: [] } },
        author.token,
      );
      expectStatus(cleared, 200);
      expect(bodyOf<ArticleResponse>(cleared).article.tagList).toEqual([]);
      expect((await api.getArticle(created.slug)).tagList).toEqual([]);
    });

    it('answers 422 for tagList null and keeps the tags', async () => {
      const author = await api.register('editor');
      const kept = `kept_${author.username}`;
      const created = await api.createArticle(author.token, { tagList: [kept] });
      const response = await api.put(
        articlePath(created.slug),
        { article: { tagList: null } },
        author.token,
      );
      expectStatus(response, 422);
      expect(bodyOf<ErrorResponse>(response).errors).toHaveProperty('tagList');
      expect((await api.getArticle(created.slug)).tagList).toEqual([kept]);
    });

    it.each([
      ['title', ''],
      ['title', null],
      ['description', ''],
      ['description', null],
      ['body', ''],
      ['body', null],
    ])('answers 422 when %s is %p, and changes nothing', async (field, value) => {
      const author = await api.register('editor');
      const created = await api.createArticle(author.token);
      const response = await api.put(
        articlePath(created.slug),
        { article: { [field]: value } },
        author.token,
      );
      expectFieldError(response, field, "can't be blank");
      expect(await api.getArticle(created.slug)).toEqual(created);
    });

    it('answers 422 when the article object is missing', async () => {
      const author = await api.register('editor');
      const created = await api.createArticle(author.token);
      expectStatus(await api.put(articlePath(created.slug), {}, author.token), 422);
    });

    it('accepts Bearer authentication', async () => {
      const author = await api.register('editor');
      const created = await api.createArticle(author.token);
      const response = await api
        .put(articlePath(created.slug), { article: { body: 'via bearer' } })
        .set('Authorization', bearerAuth(author.token));
      expectStatus(response, 200);
      expect(bodyOf<ArticleResponse>(response).article.body).toBe('via bearer');
    });

    it('answers 403 article forbidden to another user, and changes nothing', async () => {
      const [author, intruder] = await Promise.all([
        api.register('author'),
        api.register('intruder'),
      ]);
      const created = await api.createArticle(author.token);
      const response = await api.put(
        articlePath(created.slug),
        { article: { body: 'hijacked', title: 'Hijacked' } },
        intruder.token,
      );
      expectErrors(response, 403, { article: ['forbidden'] });
      expect(await api.getArticle(created.slug)).toEqual(created);
    });

    it('answers 404 article not found for an unknown slug', async () => {
      const author = await api.register('editor');
      const response = await api.put(
        articlePath(uniqueName('unknown-slug')),
        { article: { body: 'x' } },
        author.token,
      );
      expectErrors(response, 404, { article: ['not found'] });
    });

    it('answers 401 token is missing without a token, before looking the article up', async () => {
      const author = await api.register('editor');
      const created = await api.createArticle(author.token);
      const body = { article: { body: 'x' } };
      expectErrors(await api.put(articlePath(created.slug), body), 401, {
        token: ['is missing'],
      });
      expectErrors(await api.put(articlePath(uniqueName('unknown-slug')), body), 401, {
        token: ['is missing'],
      });
      expect(await api.getArticle(created.slug)).toEqual(created);
    });

    it('answers 401 token is invalid for a garbage token', async () => {
      const author = await api.register('editor');
      const created = await api.createArticle(author.token);
      const response = await api.put(
        articlePath(created.slug),
        { article: { body: 'x' } },
        'garbage',
      );
      expectErrors(response, 401, { token: ['is invalid'] });
    });
  });

  describe('DELETE /api/articles/:slug', () => {
    it('answers 204 with no body; the article is gone', async () => {
      const author = await api.register('deleter');
      const created = await api.createArticle(author.token);
      const response = await api.delete(articlePath(created.slug), author.token);
      expectStatus(response, 204);
      expect(response.text).toBe('');

      expectErrors(await api.get(articlePath(created.slug)), 404, { article: ['not found'] });
      expect((await api.listArticles({ author: author.username })).articlesCount).toBe(0);
      expectErrors(await api.delete(articlePath(created.slug), author.token), 404, {
        article: ['not found'],
      });
    });

    it('takes the article’s comments, favorites and tag links with it', async () => {
      const [author, fan] = await Promise.all([api.register('deleter'), api.register('fan')]);
      const tag = `gone_${author.username}`;
      const title = `Doomed ${uniqueName('t')}`;
      const created = await api.createArticle(author.token, { title, tagList: [tag] });
      await api.addComment(fan.token, created.slug, 'doomed comment');
      await api.favorite(fan.token, created.slug);
      expect((await api.listArticles({ favorited: fan.username })).articlesCount).toBe(1);

      expectStatus(await api.delete(articlePath(created.slug), author.token), 204);

      expect(await api.listArticles({ favorited: fan.username })).toEqual({
        articles: [],
        articlesCount: 0,
      });
      expect(await api.listArticles({ tag })).toEqual({ articles: [], articlesCount: 0 });
      expectErrors(await api.get(`${articlePath(created.slug)}/comments`), 404, {
        article: ['not found'],
      });

      // A new article with the same title starts with nothing of the old one.
      const reborn = await api.createArticle(author.token, { title });
      expect(reborn).toMatchObject({ favoritesCount: 0, favorited: false, tagList: [] });
      expect(await api.listComments(reborn.slug)).toEqual([]);
      expect((await api.getArticle(reborn.slug, fan.token)).favorited).toBe(false);
    });

    it('accepts Bearer authentication', async () => {
      const author = await api.register('deleter');
      const created = await api.createArticle(author.token);
      const response = await api
        .delete(articlePath(created.slug))
        .set('Authorization', bearerAuth(author.token));
      expectStatus(response, 204);
      expectStatus(await api.get(articlePath(created.slug)), 404);
    });

    it('answers 403 article forbidden to another user, and keeps the article', async () => {
      const [author, intruder] = await Promise.all([
        api.register('author'),
        api.register('intruder'),
      ]);
      const created = await api.createArticle(author.token);
      expectErrors(await api.delete(articlePath(created.slug), intruder.token), 403, {
        article: ['forbidden'],
      });
      expect(await api.getArticle(created.slug)).toEqual(created);
    });

    it('answers 404 article not found for an unknown slug', async () => {
      const author = await api.register('deleter');
      expectErrors(await api.delete(articlePath(uniqueName('unknown-slug')), author.token), 404, {
        article: ['not found'],
      });
    });

    it('answers 401 token is missing without a token, before looking the article up', async () => {
      const author = await api.register('deleter');
      const created = await api.createArticle(author.token);
      expectErrors(await api.delete(articlePath(created.slug)), 401, { token: ['is missing'] });
      expectErrors(await api.delete(articlePath(uniqueName('unknown-slug'))), 401, {
        token: ['is missing'],
      });
      expect(await api.getArticle(created.slug)).toEqual(created);
    });

    it('answers 401 token is invalid for a garbage token', async () => {
      const author = await api.register('deleter');
      const created = await api.createArticle(author.token);
      expectErrors(await api.delete(articlePath(created.slug), 'garbage'), 401, {
        token: ['is invalid'],
      });
      expect(await api.getArticle(created.slug)).toEqual(created);
    });
  });
});
