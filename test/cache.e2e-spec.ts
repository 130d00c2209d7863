import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  bodyOf,
  ConduitClient,
  type ArticleListResponse,
  type ArticleResponse,
  type ProfileResponse,
  type TagsResponse,
  type TestUser,
  uniqueName,
} from './support/conduit-client';
import { AppCache } from '../src/infrastructure/cache/app-cache';
import { articleScope, userScope } from '../src/infrastructure/cache/cache-entries';
import { dataQueries, recordQueries } from './support/query-counter';
import { describeWithRedis, redisUrlForTests, withEnv } from './support/redis';
import { startTestApp } from './support/test-app';

const article = async (client: ConduitClient, slug: string, token?: string) =>
  bodyOf<ArticleResponse>(await client.get(`/api/articles/${slug}`, token).expect(200)).article;

const PREFIX = `conduit-test-cache-${randomUUID()}:`;

/**
 * Two instances sharing one Redis: whatever one writes, the other never serves stale once the
 * write has returned. Each check first makes the reader cache the value, then writes through
 * the other instance, then reads again.
 */
describeWithRedis('the shared cache', () => {
  let writer: NestFastifyApplication;
  let reader: NestFastifyApplication;
  let a: ConduitClient;
  let b: ConduitClient;
  let author: TestUser;

  beforeAll(async () => {
    [writer, reader] = await withEnv({ REDIS_KEY_PREFIX: PREFIX }, async () => [
      await startTestApp(),
      await startTestApp(),
    ]);
    a = new ConduitClient(writer);
    b = new ConduitClient(reader);
    author = await a.register('cached');
  });
  afterAll(async () => Promise.all([writer.close(), reader.close()]));

  it('keeps its values in Redis, under the key prefix', async () => {
    const { slug } = await a.createArticle(author.token);
    await article(b, slug);
    const redis = new Redis(redisUrlForTests() ?? '');
    try {
      // The value, with the version of its scope it was loaded at in front.
      const stored = await redis.get(`${PREFIX}cache:article:${slug}`);
      const version = (await redis.get(`${PREFIX}version:article:${slug}`)) ?? '0';
      expect(stored?.startsWith(`${version}\n`)).toBe(true);
    } finally {
      redis.disconnect();
    }
  });

  it('shows an article update at once on the other instance', async () => {
    const { slug } = await a.createArticle(author.token, { body: 'first body' });
    expect((await article(b, slug)).body).toBe('first body');
    await a
      .put(`/api/articles/${slug}`, { article: { body: 'second body' } }, author.token)
      .expect(200);
    expect((await article(b, slug)).body).toBe('second body');
  });

  it('follows a new title to its new slug, and forgets the old one', async () => {
    const created = await a.createArticle(author.token);
    await article(b, created.slug);
    const renamed = bodyOf<ArticleResponse>(
      await a.put(
        `/api/articles/${created.slug}`,
        { article: { title: uniqueName('Renamed') } },
        author.token,
      ),
    ).article;
    expect(renamed.slug).not.toBe(created.slug);
    await b.get(`/api/articles/${created.slug}`).expect(404);
    expect((await article(b, renamed.slug)).title).toBe(renamed.title);
  });

  it('shows favorites at once, and favorited only to the viewer who favorited', async () => {
    const { slug } = await a.createArticle(author.token);
    const fan = await a.register('fan');
    expect((await article(b, slug)).favoritesCount).toBe(0);
    await a.post(`/api/articles/${slug}/favorite`, undefined, fan.token).expect(200);
    expect(await article(b, slug)).toMatchObject({ favoritesCount: 1, favorited: false });
    expect(await article(b, slug, fan.token)).toMatchObject({ favoritesCount: 1, favorited: true });
    expect(await article(b, slug)).toMatchObject({ favoritesCount: 1, favorited: false });
  });

  it("shows an author's new bio in their cached articles and profile", async () => {
    const writerUser = await a.register('bio');
    const { slug } = await a.createArticle(writerUser.token);
    expect((await article(b, slug)).author.bio).toBeNull();
    await b.get(`/api/profiles/${writerUser.username}`).expect(200);
    await a.put('/api/user', { user: { bio: 'Now with a bio' } }, writerUser.token).expect(200);
    expect((await article(b, slug)).author.bio).toBe('Now with a bio');
    const profile = bodyOf<ProfileResponse>(
      await b.get(`/api/profiles/${writerUser.username}`),
    ).profile;
    expect(profile.bio).toBe('Now with a bio');
  });

  it('forgets a profile under its old username after a rename', async () => {
    const user = await a.register('renamed');
    await b.get(`/api/profiles/${user.username}`).expect(200);
    const newName = uniqueName('renamed');
    await a.put('/api/user', { user: { username: newName } }, user.token).expect(200);
    await b.get(`/api/profiles/${user.username}`).expect(404);
    await b.get(`/api/profiles/${newName}`).expect(200);
  });

  it('shows new tags in the cached tag list', async () => {
    await b.get('/api/tags').expect(200);
    // The list is the 100 most used tags, ties by name: two uses and a leading 0 put it in.
    const tag = `0${uniqueName('fresh').toLowerCase()}`;
    await a.createArticle(author.token, { tagList: [tag] });
    await a.createArticle(author.token, { tagList: [tag] });
    expect(bodyOf<TagsResponse>(await b.get('/api/tags')).tags).toContain(tag);
  });

  it('drops a deleted article from cached anonymous lists', async () => {
    const lister = await a.register('lister');
    const [first, second] = [
      await a.createArticle(lister.token),
      await a.createArticle(lister.token),
    ];
    const path = `/api/articles?author=${lister.username}`;
    expect(bodyOf<ArticleListResponse>(await b.get(path)).articlesCount).toBe(2);
    await a.delete(`/api/articles/${first.slug}`, lister.token).expect(204);
    const after = bodyOf<ArticleListResponse>(await b.get(path));
    expect(after.articlesCount).toBe(1);
    expect(after.articles.map((entry) => entry.slug)).toEqual([second.slug]);
  });

  it('never serves a viewer-specific list to anyone else', async () => {
    const lister = await a.register('flags');
    const { slug } = await a.createArticle(lister.token);
    await a.post(`/api/articles/${slug}/favorite`, undefined, lister.token).expect(200);
    const path = `/api/articles?author=${lister.username}`;
    const mine = bodyOf<ArticleListResponse>(await b.get(path, lister.token));
    expect(mine.articles[0].favorited).toBe(true);
    const anonymous = bodyOf<ArticleListResponse>(await b.get(path));
    expect(anonymous.articles[0]).toMatchObject({ favorited: false, favoritesCount: 1 });
    expect(bodyOf<ArticleListResponse>(await b.get(path, lister.token)).articles[0].favorited).toBe(
      true,
    );
  });

  it('keeps the popular tags cached through favorites, which do not change them', async () => {
    const fan = await a.register('fan');
    const { slug } = await a.createArticle(author.token, { tagList: [uniqueName('kept')] });
    await b.get('/api/tags').expect(200);
    await b.get('/api/tags', fan.token).expect(200);
    await a.favorite(fan.token, slug);
    const log = recordQueries(reader.get(DataSource));
    await b.get('/api/tags').expect(200);
    await b.get('/api/tags', fan.token).expect(200);
    log.stop();
    expect(dataQueries(log).filter(({ sql }) => /FROM tags/.test(sql))).toEqual([]);
  });

  it('refuses on the other instance a session signed out by a password change', async () => {
    const user = await a.register('revoked');
    const login = await b.post('/api/users/login', {
      user: { email: user.email, password: user.password },
    });
    const otherSession = bodyOf<{ user: { token: string } }>(login).user.token;
    // The reader caches the user's session state while both tokens are still good.
    expect((await b.get('/api/user', otherSession)).status).toBe(200);
    const changed = await a.put(
      '/api/user',
      { user: { password: 'another password' } },
      user.token,
    );
    expect(changed.status).toBe(200);
    expect((await b.get('/api/user', otherSession)).status).toBe(401);
    expect((await b.get('/api/user', user.token)).status).toBe(200);
  });

  it('loads a missed article once for 100 concurrent requests (single flight)', async () => {
    const { slug } = await a.createArticle(author.token);
    // The writer's response already cached the article: make it a miss again.
    const dataSource = reader.get(DataSource);
    const [{ author_id: authorId }] = await dataSource.query<{ author_id: number }[]>(
      'SELECT author_id FROM articles WHERE slug = $1',
      [slug],
    );
    await reader.get(AppCache).invalidate(articleScope(slug), userScope(authorId));
    await reader.listen(0, '127.0.0.1');
    const log = recordQueries(dataSource);
    const responses = await Promise.all(
      Array.from({ length: 100 }, () => b.get(`/api/articles/${slug}`)),
    );
    log.stop();
    expect(responses.every((response) => response.status === 200)).toBe(true);
    // One query reads the article with its author.
    const loads = dataQueries(log).filter(({ sql }) => /WHERE a\.slug = \$1/.test(sql));
    expect(loads).toHaveLength(1);
    expect(dataQueries(log).filter(({ sql }) => /FROM "?users/.test(sql))).toEqual([]);
  });
});

/** A promise and the function that resolves it (Promise.withResolvers, past our TS lib). */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  const settlers: (() => void)[] = [];
  const promise = new Promise<void>((settle) => settlers.push(settle));
  return { promise, resolve: () => settlers.forEach((settle) => settle()) };
}

/**
 * Single flight shares a load between concurrent misses, but never across a write: a read that
 * starts after a write has returned must not be handed a load that began before it.
 */
describe.each([
  ['with Redis', {}],
  ['in memory (no REDIS_URL)', { REDIS_URL: undefined }],
])('single flight around a write, %s', (_mode, env: Record<string, string | undefined>) => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await withEnv({ ...env, REDIS_KEY_PREFIX: `conduit-test-flight-${randomUUID()}:` }, () =>
      startTestApp(),
    );
  });
  afterAll(async () => app.close());

  it('a read after the write gets the new value, not the load that was running', async () => {
    const cache = app.get(AppCache);
    const entry = { scope: `flight:${randomUUID()}`, key: `flight:${randomUUID()}` };
    const gate = deferred();
    const slowLoadStarted = deferred();
    // The first load reads the database before the write commits, then is slow to finish.
    void cache.getOrLoad(entry, async () => {
      slowLoadStarted.resolve();
      await gate.promise;
      return { title: 'before the write' };
    });
    await slowLoadStarted.promise;
    await cache.invalidate(entry.scope); // the write has committed and returned
    const afterWrite = cache.getOrLoad(entry, async () => ({ title: 'after the write' }));
    gate.resolve();
    expect(await afterWrite).toEqual({ title: 'after the write' });
  });

  it('concurrent misses of one version still share one load', async () => {
    const cache = app.get(AppCache);
    const entry = { scope: `flight:${randomUUID()}`, key: `flight:${randomUUID()}` };
    let loads = 0;
    const values = await Promise.all(
      Array.from({ length: 20 }, () =>
        cache.getOrLoad(entry, async () => {
          loads += 1;
          await new Promise((resolve) => setTimeout(resolve, 50));
          return { loaded: loads };
        }),
      ),
    );
    expect(loads).toBe(1);
    expect(values.every((value) => value?.loaded === 1)).toBe(true);
  });
});
