import { JwtService } from '@nestjs/jwt';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import * as fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { authConfig, type AuthConfig } from '../src/config/auth.config';
import request from 'supertest';
import {
  bodyOf,
  ConduitClient,
  expectErrors,
  type ArticleListResponse,
  type ArticleResponse,
  type CommentListResponse,
  type TestUser,
} from './support/conduit-client';
import { startTestApp } from './support/test-app';

const base64url = (value: object): string =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

function signed(header: object, claims: object, secret: string, hash: 'sha256' | 'sha512'): string {
  const unsigned = `${base64url(header)}.${base64url(claims)}`;
  return `${unsigned}.${createHmac(hash, secret).update(unsigned).digest('base64url')}`;
}

/** Tokens for the same user as `genuine`, each wrong in one way. */
async function badTokensLike(
  app: NestFastifyApplication,
  genuine: string,
): Promise<[string, string][]> {
  const jwt = app.get(JwtService);
  const secret = app.get<AuthConfig>(authConfig.KEY).jwtSecret;
  const { sub } = jwt.decode<{ sub: string }>(genuine);
  const now = Math.floor(Date.now() / 1000);
  const [header, payload, signature] = genuine.split('.');
  const tampered = base64url({
    ...JSON.parse(Buffer.from(payload, 'base64url').toString()),
    sub: String(Number(sub) + 1),
  });
  return [
    ['forged claims, genuine signature', `${header}.${tampered}.${signature}`],
    [
      'expired',
      signed(
        { alg: 'HS256', typ: 'JWT' },
        { sub, iat: now - 7200, exp: now - 3600 },
        secret,
        'sha256',
      ),
    ],
    [
      'alg none',
      `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub, exp: now + 3600 })}.`,
    ],
    [
      'wrong secret',
      signed({ alg: 'HS256', typ: 'JWT' }, { sub, exp: now + 3600 }, 'x'.repeat(48), 'sha256'),
    ],
    [
      'another algorithm',
      await new JwtService({ secret: 'y'.repeat(48) }).signAsync({ sub }, { algorithm: 'HS512' }),
    ],
  ];
}

describe('security', () => {
  let app: NestFastifyApplication;
  let api: ConduitClient;
  let owner: TestUser;
  let intruder: TestUser;

  beforeAll(async () => {
    app = await startTestApp();
    api = new ConduitClient(app);
    [owner, intruder] = await Promise.all([api.register('owner'), api.register('intruder')]);
  });
  afterAll(async () => app.close());

  describe('tokens the API did not issue, or no longer honours, get 401 on every route', () => {
    it('on a protected route and on a public one', async () => {
      for (const [kind, token] of await badTokensLike(app, owner.token)) {
        for (const path of ['/api/user', '/api/articles']) {
          const response = await api.get(path, token);
          expect({
            kind,
            path,
            status: response.status,
            errors: bodyOf<{ errors: unknown }>(response).errors,
          }).toEqual({
            kind,
            path,
            status: 401,
            errors: { token: ['is invalid'] },
          });
        }
      }
      expect((await api.get('/api/user', owner.token)).status).toBe(200);
    });
  });

  describe("another user's content", () => {
    it('cannot be edited or deleted, and stays as it was', async () => {
      const article = await api.createArticle(owner.token, { tagList: ['mine'] });
      const comment = await api.post(
        `/api/articles/${article.slug}/comments`,
        { comment: { body: 'mine' } },
        owner.token,
      );
      const commentId = bodyOf<{ comment: { id: number } }>(comment).comment.id;
      expectErrors(
        await api.put(
          `/api/articles/${article.slug}`,
          { article: { title: 'Hijacked' } },
          intruder.token,
        ),
        403,
        {
          article: ['forbidden'],
        },
      );
      expectErrors(await api.delete(`/api/articles/${article.slug}`, intruder.token), 403, {
        article: ['forbidden'],
      });
      expectErrors(
        await api.delete(`/api/articles/${article.slug}/comments/${commentId}`, intruder.token),
        403,
        {
          comment: ['forbidden'],
        },
      );
      expect(
        bodyOf<ArticleResponse>(await api.get(`/api/articles/${article.slug}`)).article,
      ).toEqual({
        ...article,
        favorited: false,
      });
      const comments = bodyOf<CommentListResponse>(
        await api.get(`/api/articles/${article.slug}/comments`),
      ).comments;
      expect(comments.map((c) => c.id)).toEqual([commentId]);
    });
  });

  describe('mass assignment', () => {
    it.each([
      ['id', 999],
      ['createdAt', '2000-01-01T00:00:00.000Z'],
      ['favoritesCount', 1000],
      ['author', { username: 'someone-else' }],
      ['slug', 'chosen-slug'],
    ])('an article update carrying %s gets 422 and changes nothing', async (field, value) => {
      const article = await api.createArticle(owner.token);
      const response = await api.put(
        `/api/articles/${article.slug}`,
        { article: { body: 'new', [field]: value } },
        owner.token,
      );
      expectErrors(response, 422, { [field]: ['is not allowed'] });
      expect(
        bodyOf<ArticleResponse>(await api.get(`/api/articles/${article.slug}`)).article,
      ).toEqual({
        ...article,
        favorited: false,
      });
    });

    it('an article creation carrying author gets 422 and creates nothing', async () => {
      const before = bodyOf<ArticleListResponse>(
        await api.get(`/api/articles?author=${owner.username}`),
      ).articlesCount;
      const response = await api.post(
        '/api/articles',
        {
          article: {
            title: 'T',
            description: 'D',
            body: 'B',
            author: { username: intruder.username },
          },
        },
        intruder.token,
      );
      expectErrors(response, 422, { author: ['is not allowed'] });
      expect(
        bodyOf<ArticleListResponse>(await api.get(`/api/articles?author=${owner.username}`))
          .articlesCount,
      ).toBe(before);
    });
  });

  describe('bounds', () => {
    it('refuses limit=1000000', async () => {
      expectErrors(await api.get('/api/articles?limit=1000000'), 422, {
        limit: ['must be an integer from 1 to 100'],
      });
    });

    it('refuses NUL characters in the URL and in bodies, which PostgreSQL cannot store', async () => {
      expectErrors(await api.get('/api/profiles/a%00b'), 422, {
        url: ['must not contain NUL characters'],
      });
      expectErrors(await api.get('/api/articles?tag=%00'), 422, {
        url: ['must not contain NUL characters'],
      });
      const response = await request(app.getHttpServer())
        .post('/api/articles')
        .set('Authorization', `Token ${owner.token}`)
        .set('Content-Type', 'application/json')
        .send('{"article":{"title":"a\\u0000b","description":"d","body":"b"}}');
      expectErrors(response, 422, { body: ['must not contain NUL characters'] });
    });

    it('refuses a tag that lower-casing makes too long', async () => {
      const response = await api.post(
        '/api/articles',
        { article: { title: 'T', description: 'D', body: 'B', tagList: ['İ'.repeat(64)] } },
        owner.token,
      );
      expectErrors(response, 422, { tagList: ['must have tags of at most 64 characters'] });
    });

    it('refuses an unknown query parameter', async () => {
      expectErrors(await api.get('/api/articles?admin=true'), 422, { admin: ['is not allowed'] });
    });

    it('answers a 2 MiB body with 413 in the error format', async () => {
      const response = await request(app.getHttpServer())
        .post('/api/users')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ user: { username: 'x'.repeat(2 * 1024 * 1024) } }));
      expectErrors(response, 413, { body: ['is too large'] });
    });
  });

  describe('request ids and headers', () => {
    it('keeps a well-formed X-Request-Id, replaces a malformed one, and sets security headers', async () => {
      const kept = await api.get('/api/nowhere').set('X-Request-Id', 'trace-42.abc');
      expectErrors(kept, 404, { route: ['not found'] });
      expect(kept.headers['x-request-id']).toBe('trace-42.abc');
      const replaced = await api.get('/api/tags').set('X-Request-Id', 'bad id with spaces');
      expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(replaced.headers['x-content-type-options']).toBe('nosniff');
      expect(replaced.headers['strict-transport-security']).toContain('max-age=');
      expect(replaced.headers['x-frame-options']).toBe('DENY');
      expect(replaced.headers['content-security-policy']).toBe(
        "default-src 'none';frame-ancestors 'none'",
      );
    });
  });

  describe('arbitrary input never causes a 5xx', () => {
    /** JSON-ish values of any shape, including the field names the API reads. */
    const anyValue = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.string({ maxLength: 300 }),
      fc.constantFrom(null, '', ' ', '\u0000', 'a'.repeat(70), -1, 2 ** 40, [], {}),
    );
    const fieldsOf = (names: string[]) =>
      fc.dictionary(fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 8 })), anyValue, {
        maxKeys: 6,
      });
    const wrapped = (wrapper: string, names: string[]) =>
      fc.oneof(
        fieldsOf(names).map((fields) => ({ [wrapper]: fields })),
        anyValue,
      );

    let slug: string;
    beforeAll(async () => {
      slug = (await api.createArticle(owner.token)).slug;
    });

    const writes: [string, (body: unknown) => request.Test, fc.Arbitrary<unknown>][] = [
      [
        'POST /api/users',
        (body) =>
          api
            .post('/api/users')
            .set('Content-Type', 'application/json')
            .send(JSON.stringify(body) ?? ''),
        wrapped('user', ['username', 'email', 'password']),
      ],
      [
        'POST /api/users/login',
        (body) =>
          api
            .post('/api/users/login')
            .set('Content-Type', 'application/json')
            .send(JSON.stringify(body) ?? ''),
        wrapped('user', ['email', 'password']),
      ],
      [
        'PUT /api/user',
        (body) =>
          api
            .put('/api/user', undefined, intruder.token)
            .set('Content-Type', 'application/json')
            .send(JSON.stringify(body) ?? ''),
        wrapped('user', ['email', 'username', 'password', 'bio', 'image']),
      ],
      [
        'POST /api/articles',
        (body) =>
          api
            .post('/api/articles', undefined, intruder.token)
            .set('Content-Type', 'application/json')
            .send(JSON.stringify(body) ?? ''),
        wrapped('article', ['title', 'description', 'body', 'tagList']),
      ],
      [
        'PUT /api/articles/:slug',
        (body) =>
          api
            .put(`/api/articles/${slug}`, undefined, owner.token)
            .set('Content-Type', 'application/json')
            .send(JSON.stringify(body) ?? ''),
        wrapped('article', ['title', 'description', 'body', 'tagList']),
      ],
      [
        'POST /api/articles/:slug/comments',
        (body) =>
          api
            .post(`/api/articles/${slug}/comments`, undefined, intruder.token)
            .set('Content-Type', 'application/json')
            .send(JSON.stringify(body) ?? ''),
        wrapped('comment', ['body']),
      ],
    ];

    it.each(writes)(
      '%s',
      async (_, send, bodies) => {
        await fc.assert(
          fc.asyncProperty(bodies, async (body) => {
            const response = await send(body);
            expect({ body, status: response.status < 500 ? 'not 5xx' : response.status }).toEqual({
              body,
              status: 'not 5xx',
            });
          }),
          { numRuns: 60 },
        );
      },
      120_000,
    );

    it('GET /api/articles with arbitrary query strings', async () => {
      const params = fc.dictionary(
        fc.constantFrom('limit', 'offset', 'tag', 'author', 'favorited', 'x'),
        fc.oneof(fc.string({ maxLength: 40 }), fc.integer().map(String), fc.constant('1e309')),
        { maxKeys: 4 },
      );
      await fc.assert(
        fc.asyncProperty(params, async (query) => {
          const response = await api.get(`/api/articles?${new URLSearchParams(query).toString()}`);
          expect({ query, status: response.status < 500 ? 'not 5xx' : response.status }).toEqual({
            query,
            status: 'not 5xx',
          });
        }),
        { numRuns: 100 },
      );
    });
  });
});
