import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  type ArticleListResponse,
  type ArticleResponse,
  bearerAuth,
  bodyOf,
  ConduitClient,
  expectErrors,
  expectStatus,
  ISO_TIMESTAMP,
  uniqueName,
  startConduit,
} from './support/conduit-client';

const favoritePath = (slug: string): string => `/api/articles/${encodeURIComponent(slug)}/favorite`;

describe('favorites', () => {
  let app: NestFastifyApplication;
  let api: ConduitClient;
  beforeAll(async () => ({ app, api } = await startConduit()));
  afterAll(async () => app.close());

  describe('POST /api/articles/:slug/favorite', () => {
    it('answers 200 with the whole article, favorited and counted', async () => {
      const [author, fan] = await Promise.all([api.register('author'), api.register('fan')]);
      const created = await api.createArticle(author.token, { body: 'Loved body' });
      const response = await api.post(favoritePath(created.slug), undefined, fan.token);
      expectStatus(response, 200);
      const { article } = bodyOf<ArticleResponse>(response);
      expect(article).toEqual({ ...created, favorited: true, favoritesCount: 1 });
      expect(article.body).toBe('Loved body');
      expect(article.createdAt).toMatch(ISO_TIMESTAMP);

      expect(await api.getArticle(created.slug, fan.token)).toMatchObject({
        favorited: true,
        favoritesCount: 1,
      });
    });

    it('lets authors favorite their own article', async () => {
      const author = await api.register('author');
      const created = await api.createArticle(author.token);
      const article = await api.favorite(author.token, created.slug);
      expect(article).toMatchObject({ favorited: true, favoritesCount: 1 });
    });

    it('is idempotent: favoriting twice counts once', async () => {
      const [author, fan] = await Promise.all([api.register('author'), api.register('fan')]);
      const created = await api.createArticle(author.token);
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const response = await api.post(favoritePath(created.slug), undefined, fan.token);
        expectStatus(response, 200);
        expect(bodyOf<ArticleResponse>(response).article).toMatchObject({
          favorited: true,
          favoritesCount: 1,
        });
      }
      expect((await api.getArticle(created.slug)).favoritesCount).toBe(1);
    });

    it('counts every user, and shows favorited to each viewer as it is for them', async () => {
      const [author, fan1, fan2, bystander] = await Promise.all([
        api.register('author'),
        api.register('fan'),
        api.register('fan'),
        api.register('bystander'),
      ]);
      const created = await api.createArticle(author.token);
      await api.favorite(fan1.token, created.slug);
      const second = await api.favorite(fan2.token, created.slug);
      expect(second).toMatchObject({ favorited: true, favoritesCount: 2 });

      expect(await api.getArticle(created.slug, fan1.token)).toMatchObject({
        favorited: true,
        favoritesCount: 2,
      });
      expect(await api.getArticle(created.slug, bystander.token)).toMatchObject({
        favorited: false,
        favoritesCount: 2,
      });
      expect(await api.getArticle(created.slug)).toMatchObject({
        favorited: false,
        favoritesCount: 2,
      });
    });

    it('accepts Bearer authentication', async () => {
      const [author, fan] = await Promise.all([api.register('author'), api.register('fan')]);
      const created = await api.createArticle(author.token);
      const response = await api
        .post(favoritePath(created.slug))
        .set('Authorization', bearerAuth(fan.token));
      expectStatus(response, 200);
      expect(bodyOf<ArticleResponse>(response).article.favorited).toBe(true);
    });

    it('answers 401 token is missing without a token, before looking the article up', async () => {
      const author = await api.register('author');
      const created = await api.createArticle(author.token);
      expectErrors(await api.post(favoritePath(created.slug)), 401, { token: ['is missing'] });
      expectErrors(await api.post(favoritePath(uniqueName('unknown-slug'))), 401, {
        token: ['is missing'],
      });
      expect((await api.getArticle(created.slug)).favoritesCount).toBe(0);
    });

    it('answers 401 token is invalid for a garbage token', async () => {
      const author = await api.register('author');
      const created = await api.createArticle(author.token);
      expectErrors(await api.post(favoritePath(created.slug), undefined, 'garbage'), 401, {
        token: ['is invalid'],
      });
      expect((await api.getArticle(created.slug)).favoritesCount).toBe(0);
    });

    it('answers 404 article not found for an unknown slug', async () => {
      const fan = await api.register('fan');
      const response = await api.post(
        favoritePath(uniqueName('unknown-slug')),
        undefined,
        fan.token,
      );
      expectErrors(response, 404, { article: ['not found'] });
    });
  });

  describe('DELETE /api/articles/:slug/favorite', () => {
    it('answers 200 with the article, no longer favorited, count down by one', async () => {
      const [author, fan, otherFan] = await Promise.all([
        api.register('author'),
        api.register('fan'),
        api.register('fan'),
      ]);
      const created = await api.createArticle(author.token);
      await api.favorite(fan.token, created.slug);
      await api.favorite(otherFan.token, created.slug);

      const response = await api.delete(favoritePath(created.slug), fan.token);
      expectStatus(response, 200);
      const { article } = bodyOf<ArticleResponse>(response);
      expect(article).toEqual({ ...created, favorited: false, favoritesCount: 1 });

      expect(await api.getArticle(created.slug, fan.token)).toMatchObject({
        favorited: false,
        favoritesCount: 1,
      });
      expect(await api.getArticle(created.slug, otherFan.token)).toMatchObject({
        favorited: true,
        favoritesCount: 1,
      });
    });

    it('is idempotent: unfavoriting twice, or something never favorited, changes no count', async () => {
      const [author, fan, bystander] = await Promise.all([
        api.register('author'),
        api.register('fan'),
        api.register('bystander'),
      ]);
      const created = await api.createArticle(author.token);
      await api.favorite(fan.token, created.slug);

      const never = await api.delete(favoritePath(created.slug), bystander.token);
      expectStatus(never, 200);
      expect(bodyOf<ArticleResponse>(never).article).toMatchObject({
        favorited: false,
        favoritesCount: 1,
      });

      for (let attempt = 0; attempt < 2; attempt += 1) {
        const response = await api.delete(favoritePath(created.slug), fan.token);
        expectStatus(response, 200);
        expect(bodyOf<ArticleResponse>(response).article).toMatchObject({
          favorited: false,
          favoritesCount: 0,
        });
      }
      expect((await api.getArticle(created.slug)).favoritesCount).toBe(0);
    });

    it('accepts Bearer authentication', async () => {
      const [author, fan] = await Promise.all([api.register('author'), api.register('fan')]);
      const created = await api.createArticle(author.token);
      await api.favorite(fan.token, created.slug);
      const response = await api
        .delete(favoritePath(created.slug))
        .set('Authorization', bearerAuth(fan.token));
      expectStatus(response, 200);
      expect(bodyOf<ArticleResponse>(response).article).toMatchObject({
        favorited: false,
        favoritesCount: 0,
      });
    });

    it('answers 401 token is missing without a token, before looking the article up', async () => {
      const [author, fan] = await Promise.all([api.register('author'), api.register('fan')]);
      const created = await api.createArticle(author.token);
      await api.favorite(fan.token, created.slug);
      expectErrors(await api.delete(favoritePath(created.slug)), 401, { token: ['is missing'] });
      expectErrors(await api.delete(favoritePath(uniqueName('unknown-slug'))), 401, {
        token: ['is missing'],
      });
      expect((await api.getArticle(created.slug)).favoritesCount).toBe(1);
    });

    it('answers 401 token is invalid for a garbage token', async () => {
      const author = await api.register('author');
      const created = await api.createArticle(author.token);
      expectErrors(await api.delete(favoritePath(created.slug), 'garbage'), 401, {
        token: ['is invalid'],
      });
    });

    it('answers 404 article not found for an unknown slug', async () => {
      const fan = await api.register('fan');
      const response = await api.delete(favoritePath(uniqueName('unknown-slug')), fan.token);
      expectErrors(response, 404, { article: ['not found'] });
    });
  });

  describe('GET /api/articles?favorited=:username', () => {
    it('lists the articles the user favorited, newest first, without bodies', async () => {
      const [author, fan] = await Promise.all([api.register('author'), api.register('fan')]);
      const older = await api.createArticle(author.token);
      const newer = await api.createArticle(author.token);
      const ignored = await api.createArticle(author.token);
      // Favoriting order does not matter: the list is newest article first.
      await api.favorite(fan.token, newer.slug);
      await api.favorite(fan.token, older.slug);

      const response = await api.get('/api/articles').query({ favorited: fan.username });
      expectStatus(response, 200);
      const page = bodyOf<ArticleListResponse>(response);
      expect(page.articlesCount).toBe(2);
      expect(page.articles.map((a) => a.slug)).toEqual([newer.slug, older.slug]);
      expect(page.articles.map((a) => a.slug)).not.toContain(ignored.slug);
      for (const entry of page.articles) {
        expect(entry).not.toHaveProperty('body');
        expect(entry.favoritesCount).toBe(1);
        // Anonymous viewer: nothing is favorited for them.
        expect(entry.favorited).toBe(false);
      }

      const asFan = await api.listArticles({ favorited: fan.username }, fan.token);
      expect(asFan.articles.map((a) => a.favorited)).toEqual([true, true]);

      const asAuthor = await api.listArticles({ favorited: fan.username }, author.token);
      expect(asAuthor.articles.map((a) => a.favorited)).toEqual([false, false]);
    });

    it('drops an article from the list once it is unfavorited', async () => {
      const [author, fan] = await Promise.all([api.register('author'), api.register('fan')]);
      const kept = await api.createArticle(author.token);
      const dropped = await api.createArticle(author.token);
      await api.favorite(fan.token, kept.slug);
      await api.favorite(fan.token, dropped.slug);
      expectStatus(await api.delete(favoritePath(dropped.slug), fan.token), 200);

      const page = await api.listArticles({ favorited: fan.username });
      expect(page.articlesCount).toBe(1);
      expect(page.articles.map((a) => a.slug)).toEqual([kept.slug]);
    });

    it('combines with author and pages with limit', async () => {
      const [authorA, authorB, fan] = await Promise.all([
        api.register('authora'),
        api.register('authorb'),
        api.register('fan'),
      ]);
      const a1 = await api.createArticle(authorA.token);
      const b1 = await api.createArticle(authorB.token);
      const a2 = await api.createArticle(authorA.token);
      for (const article of [a1, b1, a2]) await api.favorite(fan.token, article.slug);

      const byA = await api.listArticles({ favorited: fan.username, author: authorA.username });
      expect(byA.articlesCount).toBe(2);
      expect(byA.articles.map((a) => a.slug)).toEqual([a2.slug, a1.slug]);

      const paged = await api.listArticles({ favorited: fan.username, limit: 1, offset: 1 });
      expect(paged.articlesCount).toBe(3);
      expect(paged.articles.map((a) => a.slug)).toEqual([b1.slug]);
    });

    it('answers an empty page for a user with no favorites or an unknown user', async () => {
      const lazy = await api.register('lazy');
      expect(await api.listArticles({ favorited: lazy.username })).toEqual({
        articles: [],
        articlesCount: 0,
      });
      expect(await api.listArticles({ favorited: uniqueName('nobody') })).toEqual({
        articles: [],
        articlesCount: 0,
      });
    });
  });
});
