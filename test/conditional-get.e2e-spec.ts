import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Response } from 'supertest';
import {
  ConduitClient,
  expectStatus,
  startConduit,
  type TestUser,
  uniqueName,
} from './support/conduit-client';

function entityTagOf(response: Response): string {
  expectStatus(response, 200);
  const entityTag: unknown = response.headers.etag;
  if (typeof entityTag !== 'string') throw new Error(`no ETag on ${response.request.url}`);
  return entityTag;
}

/** ETag, If-None-Match and 304 on the reads, across two replicas sharing one Redis. */
describe('ETag and 304 Not Modified', () => {
  let first: { app: NestFastifyApplication; api: ConduitClient };
  let second: { app: NestFastifyApplication; api: ConduitClient };
  let author: TestUser;
  let reader: TestUser;
  let slug: string;
  const tag = uniqueName('etag').toLowerCase();
  beforeAll(async () => {
    [first, second] = await Promise.all([startConduit(), startConduit()]);
    [author, reader] = [await first.api.register(), await first.api.register()];
    slug = (await first.api.createArticle(author.token, { tagList: [tag] })).slug;
    await first.api.post(
      `/api/articles/${slug}/comments`,
      { comment: { body: 'first' } },
      reader.token,
    );
  });
  afterAll(async () => Promise.all([first.app.close(), second.app.close()]));

  const reads = (): string[] => [
    `/api/articles/${slug}`,
    `/api/articles?tag=${tag}`,
    `/api/profiles/${author.username}`,
    '/api/tags',
    `/api/articles/${slug}/comments`,
  ];

  it('tags every read and answers 304 with no body while nothing changed, on either replica', async () => {
    for (const path of reads()) {
      const answer = await first.api.get(path);
      const entityTag = entityTagOf(answer);
      expect(entityTag).toMatch(/^"[\w-]{22}"$/);
      expect([path, answer.headers['cache-control'], answer.headers.vary]).toEqual([
        path,
        'public, no-cache',
        'Origin, Authorization',
      ]);
      for (const api of [first.api, second.api]) {
        const again = await api.get(path).set('If-None-Match', entityTag);
        // A 304 carries what the 200 would have (RFC 9110 15.4.5): ETag, Cache-Control, Vary.
        expect([
          path,
          again.status,
          again.text,
          again.headers.etag,
          again.headers['cache-control'],
          again.headers.vary,
        ]).toEqual([path, 304, '', entityTag, 'public, no-cache', 'Origin, Authorization']);
      }
      const other = await first.api.get(path).set('If-None-Match', '"something-else"');
      expect([path, other.status]).toEqual([path, 200]);
    }
  });

  it('gives a new ETag and the new body after a write through the other replica', async () => {
    const articlePath = `/api/articles/${slug}`;
    const before = entityTagOf(await first.api.get(articlePath));
    const listBefore = entityTagOf(await first.api.get(`/api/articles?tag=${tag}`));
    const update = await second.api.put(
      articlePath,
      { article: { body: 'Changed.' } },
      author.token,
    );
    expectStatus(update, 200);
    const after = await first.api.get(articlePath).set('If-None-Match', before);
    expect(after.status).toBe(200);
    expect(entityTagOf(after)).not.toBe(before);
    expect(after.body.article.body).toBe('Changed.');
    const list = await first.api.get(`/api/articles?tag=${tag}`).set('If-None-Match', listBefore);
    expect(list.status).toBe(200);
    expect(entityTagOf(list)).not.toBe(listBefore);
  });

  it('never answers 304 across viewers: a signed-in answer has its own ETag, marked private', async () => {
    const articlePath = `/api/articles/${slug}`;
    const anonymous = entityTagOf(await first.api.get(articlePath));
    await first.api.post(`/api/articles/${slug}/favorite`, undefined, reader.token);
    const signedIn = await first.api.get(articlePath, reader.token).set('If-None-Match', anonymous);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.article.favorited).toBe(true);
    const readersTag = entityTagOf(signedIn);
    expect(readersTag).not.toBe(anonymous);
    expect(signedIn.headers['cache-control']).toBe('private, no-cache');
    const authorsView = await first.api
      .get(articlePath, author.token)
      .set('If-None-Match', readersTag);
    expect(authorsView.status).toBe(200);
    expect(authorsView.body.article.favorited).toBe(false);
    const readersAgain = await second.api
      .get(articlePath, reader.token)
      .set('If-None-Match', readersTag);
    expect(readersAgain.status).toBe(304);
  });

  it('leaves writes and errors without an ETag', async () => {
    const missing = await first.api.get(`/api/articles/${uniqueName('missing')}`);
    expect(missing.status).toBe(404);
    expect(missing.headers.etag).toBeUndefined();
    const created = await first.api.post(
      '/api/articles',
      { article: { title: uniqueName('t'), description: 'd', body: 'b' } },
      author.token,
    );
    expect(created.status).toBe(201);
    expect(created.headers.etag).toBeUndefined();
  });
});
