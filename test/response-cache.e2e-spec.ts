import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { AppCache } from '../src/infrastructure/cache/app-cache';
import { TAGS_SCOPE } from '../src/infrastructure/cache/cache-entries';
import {
  ConduitClient,
  expectStatus,
  startConduit,
  type TestUser,
  uniqueName,
} from './support/conduit-client';
import { dataQueries, recordRequestQueries } from './support/query-counter';

/** What a response sends, as a miss and its hits must agree on it. */
const sent = ({ response }: { response: Response }): unknown[] => [
  response.status,
  response.text,
  response.headers.etag,
  response.headers['content-type'],
  response.headers['cache-control'],
];

/** ResponseCacheInterceptor: what a miss sends is what every later hit sends, byte for byte. */
describe('anonymous responses cached by the interceptor', () => {
  let app: NestFastifyApplication;
  let api: ConduitClient;
  let author: TestUser;
  beforeAll(async () => {
    ({ app, api } = await startConduit());
    author = await api.register('cached-reads');
  });
  afterAll(async () => app.close());

  /** A GET and the database queries it sent. */
  async function read(path: string): Promise<{ response: Response; queries: number }> {
    const requestId = randomUUID();
    const log = recordRequestQueries(app, requestId);
    const response = await api.get(path).set('X-Request-Id', requestId);
    log.stop();
    return { response, queries: dataQueries(log).length };
  }

  it('sends the same body, ETag and headers on the miss and on the hits, which run no query', async () => {
    const tag = uniqueName('bytes').toLowerCase();
    const { slug } = await api.createArticle(author.token, { tagList: [tag] });
    await app.get(AppCache).invalidate(TAGS_SCOPE);
    for (const path of [`/api/articles/${slug}`, `/api/articles?tag=${tag}`, '/api/tags']) {
      const miss = await read(path);
      expectStatus(miss.response, 200);
      expect([path, miss.queries > 0]).toEqual([path, true]);
      expect(sent(miss)).toEqual([
        200,
        expect.stringMatching(/^\{/),
        expect.stringMatching(/^"[\w-]{22}"$/),
        'application/json; charset=utf-8',
        'public, no-cache',
      ]);
      for (let hit = 0; hit < 2; hit += 1) {
        const again = await read(path);
        expect([path, again.queries, ...sent(again)]).toEqual([path, 0, ...sent(miss)]);
      }
    }
  });

  it('shares one entry between the orders of one query', async () => {
    const tag = uniqueName('order').toLowerCase();
    await api.createArticle(author.token, { tagList: [tag] });
    const first = await read(`/api/articles?tag=${tag}&limit=5`);
    expect(first.queries).toBeGreaterThan(0);
    const reordered = await read(`/api/articles?limit=5&tag=${tag}`);
    expect([reordered.queries, ...sent(reordered)]).toEqual([0, ...sent(first)]);
  });

  it('never caches an error', async () => {
    const path = `/api/articles/${uniqueName('missing')}`;
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const missing = await read(path);
      expect([missing.response.status, missing.queries > 0]).toEqual([404, true]);
      expect(missing.response.headers.etag).toBeUndefined();
    }
  });

  it('serves a signed-in reader from their handler, marked private, after an anonymous hit', async () => {
    const { slug } = await api.createArticle(author.token);
    const path = `/api/articles/${slug}`;
    await read(path);
    const anonymous = await read(path);
    expect(anonymous.queries).toBe(0);
    const requestId = randomUUID();
    const log = recordRequestQueries(app, requestId);
    const signedIn = await api.get(path, author.token).set('X-Request-Id', requestId);
    log.stop();
    expectStatus(signedIn, 200);
    expect(dataQueries(log).length).toBeGreaterThan(0);
    expect(signedIn.headers['cache-control']).toBe('private, no-cache');
    expect(signedIn.headers['content-type']).toBe('application/json; charset=utf-8');
  });
});
