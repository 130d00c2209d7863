import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { IdempotencyKeysCleanup } from '../src/infrastructure/idempotency/idempotency-keys-cleanup';
import {
  bodyOf,
  ConduitClient,
  DEFAULT_PASSWORD,
  expectErrors,
  expectStatus,
  startConduit,
  type ArticleResponse,
  type TestUser,
  uniqueName,
} from './support/conduit-client';

const KEY = 'idempotency-key';
const REPLAYED = 'idempotent-replayed';

const articleBody = (title: string): object => ({
  article: { title, description: 'About retries', body: 'Send it twice.' },
});

/** Idempotency-Key on POST (Stripe's semantics), against the real app and PostgreSQL. */
describe('Idempotency-Key', () => {
  let app: NestFastifyApplication;
  let api: ConduitClient;
  let database: DataSource;
  let author: TestUser;
  beforeAll(async () => {
    ({ app, api } = await startConduit());
    database = app.get(DataSource);
    author = await api.register();
  });
  afterAll(async () => app.close());

  async function articlesTitled(title: string): Promise<number> {
    const rows: { count: string }[] = await database.query(
      'SELECT count(*) AS count FROM articles WHERE title = $1',
      [title],
    );
    return Number(rows[0].count);
  }

  it('runs 20 identical parallel POSTs with one key once: one article, the same answer or 409', async () => {
    const title = uniqueName('parallel');
    const key = uniqueName('key');
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        api.post('/api/articles', articleBody(title), author.token).set(KEY, key),
      ),
    );
    expect(await articlesTitled(title)).toBe(1);
    const created = responses.filter((response) => response.status === 201);
    const busy = responses.filter((response) => response.status === 409);
    expect(created.length + busy.length).toBe(20);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((response) => response.text)).size).toBe(1);
    for (const response of busy) {
      expectErrors(response, 409, {
        'Idempotency-Key': ['is still being processed; retry shortly'],
      });
    }
    // Once the first has finished, a retry gets its answer.
    const retry = await api.post('/api/articles', articleBody(title), author.token).set(KEY, key);
    expectStatus(retry, 201);
    expect(retry.text).toBe(created[0].text);
    expect(retry.headers[REPLAYED]).toBe('true');
    expect(await articlesTitled(title)).toBe(1);
  });

  it('answers a replay from what it kept, even after the article was deleted', async () => {
    const title = uniqueName('replay');
    const key = uniqueName('key');
    const first = await api.post('/api/articles', articleBody(title), author.token).set(KEY, key);
    expectStatus(first, 201);
    expect(first.headers[REPLAYED]).toBeUndefined();
    const { slug } = bodyOf<ArticleResponse>(first).article;
    expectStatus(await api.delete(`/api/articles/${slug}`, author.token), 204);
    const replay = await api.post('/api/articles', articleBody(title), author.token).set(KEY, key);
    expectStatus(replay, 201);
    expect(replay.headers[REPLAYED]).toBe('true');
    expect(replay.headers['content-type']).toMatch(/^application\/json/);
    expect(replay.body).toEqual(first.body);
    expect(await articlesTitled(title)).toBe(0);
  });

  it('refuses the same key with a different body (422) and changes nothing', async () => {
    const title = uniqueName('first');
    const key = uniqueName('key');
    expectStatus(
      await api.post('/api/articles', articleBody(title), author.token).set(KEY, key),
      201,
    );
    const other = uniqueName('other');
    const reused = await api.post('/api/articles', articleBody(other), author.token).set(KEY, key);
    expectErrors(reused, 422, { 'Idempotency-Key': ['was already used with a different request'] });
    expect(await articlesTitled(other)).toBe(0);
  });

  it("keeps one user's keys invisible to another", async () => {
    const other = await api.register();
    const key = uniqueName('shared-key');
    const title = uniqueName('mine');
    expectStatus(
      await api.post('/api/articles', articleBody(title), author.token).set(KEY, key),
      201,
    );
    const theirs = await api.post('/api/articles', articleBody(title), other.token).set(KEY, key);
    expectStatus(theirs, 201);
    expect(theirs.headers[REPLAYED]).toBeUndefined();
    expect(bodyOf<ArticleResponse>(theirs).article.author.username).toBe(other.username);
    expect(await articlesTitled(title)).toBe(2);
  });

  it('releases the key of a request that failed, so a corrected retry runs', async () => {
    const key = uniqueName('key');
    const bad = await api
      .post('/api/articles', { article: { title: '', description: 'd', body: 'b' } }, author.token)
      .set(KEY, key);
    expectErrors(bad, 422, { title: ["can't be blank"] });
    const same = await api
      .post('/api/articles', { article: { title: '', description: 'd', body: 'b' } }, author.token)
      .set(KEY, key);
    expect(same.headers[REPLAYED]).toBeUndefined();
    expectStatus(same, 422);
  });

  it('keys registration per client, and replays the registration', async () => {
    const username = uniqueName('idem');
    const body = {
      user: { username, email: `${username}@example.com`, password: DEFAULT_PASSWORD },
    };
    const key = uniqueName('key');
    const first = await api.post('/api/users', body).set(KEY, key);
    expectStatus(first, 201);
    const again = await api.post('/api/users', body).set(KEY, key);
    expectStatus(again, 201);
    expect(again.headers[REPLAYED]).toBe('true');
    expect(again.body).toEqual(first.body);
  });

  it('covers follow, favorite and comment', async () => {
    const reader = await api.register();
    const article = await api.createArticle(author.token);
    const follow = `/api/profiles/${author.username}/follow`;
    const favorite = `/api/articles/${article.slug}/favorite`;
    const comments = `/api/articles/${article.slug}/comments`;
    for (const [path, body, status] of [
      [follow, undefined, 200],
      [favorite, undefined, 200],
      [comments, { comment: { body: 'Once only' } }, 201],
    ] as const) {
      const key = uniqueName('key');
      const first = await api.post(path, body, reader.token).set(KEY, key);
      expectStatus(first, status);
      const again = await api.post(path, body, reader.token).set(KEY, key);
      expect([path, again.status, again.headers[REPLAYED], again.body]).toEqual([
        path,
        status,
        'true',
        first.body,
      ]);
    }
    const listed = await api.get(comments);
    expect(bodyOf<{ comments: unknown[] }>(listed).comments).toHaveLength(1);
  });

  it('refuses a key that is empty or over 255 characters, and works as before without one', async () => {
    for (const key of ['', 'k'.repeat(256)]) {
      const response = await api
        .post('/api/articles', articleBody(uniqueName('t')), author.token)
        .set(KEY, key);
      expectErrors(response, 422, { 'Idempotency-Key': ['must be 1 to 255 characters'] });
    }
    const title = uniqueName('plain');
    expectStatus(await api.post('/api/articles', articleBody(title), author.token), 201);
    expectStatus(await api.post('/api/articles', articleBody(title), author.token), 201);
    expect(await articlesTitled(title)).toBe(2);
  });

  it('forgets keys after 24 hours: a new request runs, and the cleanup deletes expired rows', async () => {
    const title = uniqueName('expired');
    const key = uniqueName('key');
    expectStatus(
      await api.post('/api/articles', articleBody(title), author.token).set(KEY, key),
      201,
    );
    await database.query(
      `UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = $1`,
      [key],
    );
    const later = await api.post('/api/articles', articleBody(title), author.token).set(KEY, key);
    expectStatus(later, 201);
    expect(later.headers[REPLAYED]).toBeUndefined();
    expect(await articlesTitled(title)).toBe(2);
    await database.query(
      `UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = $1`,
      [key],
    );
    await app.get(IdempotencyKeysCleanup).round();
    const left: unknown[] = await database.query('SELECT 1 FROM idempotency_keys WHERE key = $1', [
      key,
    ]);
    expect(left).toHaveLength(0);
  });
});
