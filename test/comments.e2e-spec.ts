import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  bearerAuth,
  bodyOf,
  type CommentListResponse,
  type CommentResponse,
  ConduitClient,
  expectErrors,
  expectFieldError,
  expectStatus,
  ISO_TIMESTAMP,
  uniqueName,
  startConduit,
} from './support/conduit-client';

const commentsPath = (slug: string): string => `/api/articles/${encodeURIComponent(slug)}/comments`;
const commentPath = (slug: string, id: number | string): string =>
  `${commentsPath(slug)}/${String(id)}`;

const COMMENT_KEYS = ['author', 'body', 'createdAt', 'id', 'updatedAt'];

const byId = (a: number, b: number): number => a - b;

describe('comments', () => {
  let app: NestFastifyApplication;
  let api: ConduitClient;
  beforeAll(async () => ({ app, api } = await startConduit()));
  afterAll(async () => app.close());

  describe('POST /api/articles/:slug/comments', () => {
    it('answers 201 with the new comment', async () => {
      const [author, commenter] = await Promise.all([
        api.register('author'),
        api.register('commenter'),
      ]);
      const article = await api.createArticle(author.token);
      const response = await api.post(
        commentsPath(article.slug),
        { comment: { body: 'Thank you so much!' } },
        commenter.token,
      );
      expectStatus(response, 201);
      const { comment } = bodyOf<CommentResponse>(response);
      expect(comment).toEqual({
        id: expect.any(Number),
        body: 'Thank you so much!',
        createdAt: expect.stringMatching(ISO_TIMESTAMP),
        updatedAt: expect.stringMatching(ISO_TIMESTAMP),
        author: { username: commenter.username, bio: null, image: null, following: false },
      });
      expect(Number.isInteger(comment.id)).toBe(true);
      expect(Object.keys(comment).toSorted()).toEqual(COMMENT_KEYS);

      expect(await api.listComments(article.slug)).toEqual([comment]);
    });

    it('accepts Bearer authentication', async () => {
      const author = await api.register('author');
      const article = await api.createArticle(author.token);
      const response = await api
        .post(commentsPath(article.slug), { comment: { body: 'via bearer' } })
        .set('Authorization', bearerAuth(author.token));
      expectStatus(response, 201);
      expect(bodyOf<CommentResponse>(response).comment.author.username).toBe(author.username);
    });

    it.each([
      ['blank', { comment: { body: '' } }],
      ['missing', { comment: {} }],
    ])('answers 422 when the body is %s, and adds nothing', async (_, payload) => {
      const author = await api.register('author');
      const article = await api.createArticle(author.token);
      const response = await api.post(commentsPath(article.slug), payload, author.token);
      expectFieldError(response, 'body', "can't be blank");
      expect(await api.listComments(article.slug)).toEqual([]);
    });

    it('answers 422 when the comment object is missing', async () => {
      const author = await api.register('author');
      const article = await api.createArticle(author.token);
      expectStatus(await api.post(commentsPath(article.slug), {}, author.token), 422);
    });

    it('answers 404 article not found for an unknown slug', async () => {
      const commenter = await api.register('commenter');
      const response = await api.post(
        commentsPath(uniqueName('unknown-slug')),
        { comment: { body: 'orphan' } },
        commenter.token,
      );
      expectErrors(response, 404, { article: ['not found'] });
    });

    it('answers 401 token is missing without a token, before looking the article up', async () => {
      const author = await api.register('author');
      const article = await api.createArticle(author.token);
      const payload = { comment: { body: 'anonymous' } };
      expectErrors(await api.post(commentsPath(article.slug), payload), 401, {
        token: ['is missing'],
      });
      expectErrors(await api.post(commentsPath(uniqueName('unknown-slug')), payload), 401, {
        token: ['is missing'],
      });
      expect(await api.listComments(article.slug)).toEqual([]);
    });

    it('answers 401 token is invalid for a garbage token', async () => {
      const author = await api.register('author');
      const article = await api.createArticle(author.token);
      const response = await api.post(
        commentsPath(article.slug),
        { comment: { body: 'bad token' } },
        'garbage',
      );
      expectErrors(response, 401, { token: ['is invalid'] });
      expect(await api.listComments(article.slug)).toEqual([]);
    });
  });

  describe('GET /api/articles/:slug/comments', () => {
    it('answers 200 with an empty list for an article without comments', async () => {
      const author = await api.register('author');
      const article = await api.createArticle(author.token);
      const response = await api.get(commentsPath(article.slug));
      expectStatus(response, 200);
      expect(bodyOf<CommentListResponse>(response)).toEqual({ comments: [] });
    });

    it('lists the article’s comments only, with or without a token', async () => {
      const [author, commenter] = await Promise.all([
        api.register('author'),
        api.register('commenter'),
      ]);
      const article = await api.createArticle(author.token);
      const otherArticle = await api.createArticle(author.token);
      const first = await api.addComment(commenter.token, article.slug, 'First');
      const second = await api.addComment(author.token, article.slug, 'Second');
      await api.addComment(commenter.token, otherArticle.slug, 'Elsewhere');

      const anonymous = await api.listComments(article.slug);
      expect(anonymous).toHaveLength(2);
      expect(anonymous).toEqual(expect.arrayContaining([first, second]));
      for (const comment of anonymous) {
        expect(Object.keys(comment).toSorted()).toEqual(COMMENT_KEYS);
        expect(comment.createdAt).toMatch(ISO_TIMESTAMP);
        expect(comment.updatedAt).toMatch(ISO_TIMESTAMP);
      }

      const authenticated = await api.listComments(article.slug, commenter.token);
      expect(authenticated).toHaveLength(2);
      expect(authenticated.map((c) => c.id).toSorted(byId)).toEqual(
        [first.id, second.id].toSorted(byId),
      );
    });

    it('shows author.following as the viewer sees it (Token and Bearer)', async () => {
      const [author, commenter, fan] = await Promise.all([
        api.register('author'),
        api.register('commenter'),
        api.register('fan'),
      ]);
      const article = await api.createArticle(author.token);
      await api.addComment(commenter.token, article.slug);
      await api.follow(fan.token, commenter.username);

      const asFan = await api.listComments(article.slug, fan.token);
      expect(asFan.map((c) => c.author)).toEqual([
        { username: commenter.username, bio: null, image: null, following: true },
      ]);
      const viaBearer = await api
        .get(commentsPath(article.slug))
        .set('Authorization', bearerAuth(fan.token));
      expectStatus(viaBearer, 200);
      expect(bodyOf<CommentListResponse>(viaBearer).comments[0]?.author.following).toBe(true);

      const asAuthor = await api.listComments(article.slug, author.token);
      expect(asAuthor.map((c) => c.author.following)).toEqual([false]);
      const anonymous = await api.listComments(article.slug);
      expect(anonymous.map((c) => c.author.following)).toEqual([false]);
    });

    it('answers 404 article not found for an unknown slug', async () => {
      expectErrors(await api.get(commentsPath(uniqueName('unknown-slug'))), 404, {
        article: ['not found'],
      });
    });

    it('answers 401 token is invalid for a bad token, even though the route is public', async () => {
      const author = await api.register('author');
      const article = await api.createArticle(author.token);
      expectErrors(await api.get(commentsPath(article.slug), 'garbage'), 401, {
        token: ['is invalid'],
      });
    });
  });

  describe('DELETE /api/articles/:slug/comments/:id', () => {
    it('answers 204 and removes that comment only', async () => {
      const author = await api.register('author');
      const article = await api.createArticle(author.token);
      const first = await api.addComment(author.token, article.slug, 'First comment');
      const second = await api.addComment(author.token, article.slug, 'Second comment');

      const response = await api.delete(commentPath(article.slug, first.id), author.token);
      expectStatus(response, 204);
      expect(response.text).toBe('');
      expect(await api.listComments(article.slug)).toEqual([second]);

      expectErrors(await api.delete(commentPath(article.slug, first.id), author.token), 404, {
        comment: ['not found'],
      });
    });

    it('accepts Bearer authentication', async () => {
      const author = await api.register('author');
      const article = await api.createArticle(author.token);
      const comment = await api.addComment(author.token, article.slug);
      const response = await api
        .delete(commentPath(article.slug, comment.id))
        .set('Authorization', bearerAuth(author.token));
      expectStatus(response, 204);
      expect(await api.listComments(article.slug)).toEqual([]);
    });

    it('answers 403 comment forbidden for another user’s comment, which survives', async () => {
      const [author, commenter, intruder] = await Promise.all([
        api.register('author'),
        api.register('commenter'),
        api.register('intruder'),
      ]);
      const article = await api.createArticle(author.token);
      const comment = await api.addComment(commenter.token, article.slug, 'Mine');
      expectErrors(await api.delete(commentPath(article.slug, comment.id), intruder.token), 403, {
        comment: ['forbidden'],
      });
      expect(await api.listComments(article.slug)).toEqual([comment]);
    });

    it('answers 404 article not found for an unknown slug', async () => {
      const author = await api.register('author');
      const article = await api.createArticle(author.token);
      const comment = await api.addComment(author.token, article.slug);
      const response = await api.delete(
        commentPath(uniqueName('unknown-slug'), comment.id),
        author.token,
      );
      expectErrors(response, 404, { article: ['not found'] });
      expect(await api.listComments(article.slug)).toEqual([comment]);
    });

    it.each([
      ['an unknown id', '2147483000'],
      ['a non-numeric id', 'abc'],
      ['a negative id', '-1'],
      ['an id beyond any integer column', '99999999999999999999'],
    ])('answers 404 comment not found for %s', async (_, id) => {
      const author = await api.register('author');
      const article = await api.createArticle(author.token);
      expectErrors(await api.delete(commentPath(article.slug, id), author.token), 404, {
        comment: ['not found'],
      });
    });

    it('answers 404 comment not found for a comment of another article', async () => {
      const author = await api.register('author');
      const article = await api.createArticle(author.token);
      const otherArticle = await api.createArticle(author.token);
      const comment = await api.addComment(author.token, otherArticle.slug);
      expectErrors(await api.delete(commentPath(article.slug, comment.id), author.token), 404, {
        comment: ['not found'],
      });
      expect(await api.listComments(otherArticle.slug)).toEqual([comment]);
    });

    it('answers 401 token is missing without a token, before looking anything up', async () => {
      const author = await api.register('author');
      const article = await api.createArticle(author.token);
      const comment = await api.addComment(author.token, article.slug);
      expectErrors(await api.delete(commentPath(article.slug, comment.id)), 401, {
        token: ['is missing'],
      });
      expectErrors(await api.delete(commentPath(uniqueName('unknown-slug'), 1)), 401, {
        token: ['is missing'],
      });
      expect(await api.listComments(article.slug)).toEqual([comment]);
    });

    it('answers 401 token is invalid for a garbage token', async () => {
      const author = await api.register('author');
      const article = await api.createArticle(author.token);
      const comment = await api.addComment(author.token, article.slug);
      expectErrors(await api.delete(commentPath(article.slug, comment.id), 'garbage'), 401, {
        token: ['is invalid'],
      });
      expect(await api.listComments(article.slug)).toEqual([comment]);
    });
  });
});
