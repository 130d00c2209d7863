import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  bodyOf,
  startConduit,
  tokenAuth,
  uniqueName,
  type ArticleResponse,
  type ConduitClient,
  type UserResponse,
} from './support/conduit-client';
import { createEventEnvironment, type EventEnvironment } from './support/event-environment';
import { withEnv } from './support/redis';

interface OutboxRow {
  type: string;
  payload: Record<string, unknown>;
  request_id: string | null;
  occurred_at: Date;
}

/**
 * The producer side of the events: every state change writes its event into the outbox in the
 * same transaction, stamped with the request id; a refused or failed change writes none.
 */
describe('domain events in the outbox (real PostgreSQL)', () => {
  let environment: EventEnvironment;
  let app: NestFastifyApplication;
  let api: ConduitClient;

  beforeAll(async () => {
    environment = await createEventEnvironment('outbox');
    ({ app, api } = await withEnv(environment.env, startConduit));
  });

  afterAll(async () => {
    await app.close();
    await environment.dispose();
  });

  const rowsSince = async (position: number): Promise<OutboxRow[]> =>
    environment.db.query<OutboxRow[]>(
      `SELECT type, payload, request_id, occurred_at FROM outbox_events
       WHERE position > $1 ORDER BY position`,
      [position],
    );

  const lastPosition = async (): Promise<number> => {
    const rows = await environment.db.query<{ last: string | null }[]>(
      `SELECT max(position) AS last FROM outbox_events`,
    );
    return Number(rows[0]?.last ?? 0);
  };

  it('each change writes one event of its type, with its payload and the request id', async () => {
    const start = await lastPosition();
    const authorName = uniqueName('author');
    const registered = await api
      .post('/api/users', {
        user: { username: authorName, email: `${authorName}@example.com`, password: 'password123' },
      })
      .set('X-Request-Id', 'req-register');
    expect(registered.status).toBe(201);
    const author = bodyOf<UserResponse>(registered).user;
    const reader = await api.register('reader');

    const send = (
      method: 'post' | 'put' | 'delete',
      path: string,
      token: string,
      requestId: string,
      body?: object,
    ) => {
      const call =
        method === 'delete'
          ? api.delete(path, token)
          : method === 'put'
            ? api.put(path, body, token)
            : api.post(path, body, token);
      return call.set('X-Request-Id', requestId);
    };

    const created = await send('post', '/api/articles', author.token, 'req-publish', {
      article: { title: 'Events Everywhere', description: 'd', body: 'b', tagList: ['outbox'] },
    });
    const slug = bodyOf<ArticleResponse>(created).article.slug;
    const updated = await send('put', `/api/articles/${slug}`, author.token, 'req-update', {
      article: { title: 'Events Elsewhere' },
    });
    const newSlug = bodyOf<ArticleResponse>(updated).article.slug;
    await send('post', `/api/articles/${newSlug}/favorite`, reader.token, 'req-favorite');
    await send('post', `/api/articles/${newSlug}/favorite`, reader.token, 'req-favorite-again');
    await send('delete', `/api/articles/${newSlug}/favorite`, reader.token, 'req-unfavorite');
    await send('post', `/api/articles/${newSlug}/comments`, reader.token, 'req-comment', {
      comment: { body: 'Nice' },
    });
    await send('post', `/api/profiles/${authorName}/follow`, reader.token, 'req-follow');
    await send('post', `/api/profiles/${authorName}/follow`, reader.token, 'req-follow-again');
    await send('delete', `/api/profiles/${authorName}/follow`, reader.token, 'req-unfollow');
    const deleted = await send('delete', `/api/articles/${newSlug}`, author.token, 'req-delete');
    expect(deleted.status).toBe(204);

    const rows = await rowsSince(start);
    // Repeating a favorite or a follow changes nothing, so it emits nothing.
    expect(rows.map((row) => [row.type, row.request_id])).toEqual([
      ['user.registered', 'req-register'],
      ['user.registered', expect.any(String)],
      ['article.published', 'req-publish'],
      ['article.updated', 'req-update'],
      ['article.favorited', 'req-favorite'],
      ['article.unfavorited', 'req-unfavorite'],
      ['comment.created', 'req-comment'],
      ['user.followed', 'req-follow'],
      ['user.unfollowed', 'req-unfollow'],
      ['article.deleted', 'req-delete'],
    ]);
    const payloadOf = (type: string) => rows.find((row) => row.type === type)?.payload;
    expect(payloadOf('user.registered')).toEqual({
      userId: expect.any(Number),
      username: authorName,
      email: `${authorName}@example.com`,
    });
    expect(payloadOf('article.published')).toMatchObject({ slug, tagList: ['outbox'] });
    expect(payloadOf('article.updated')).toMatchObject({ slug: newSlug, previousSlug: slug });
    expect(payloadOf('article.favorited')).toMatchObject({ slug: newSlug });
    expect(payloadOf('comment.created')).toMatchObject({ slug: newSlug });
    expect(payloadOf('article.deleted')).toMatchObject({ slug: newSlug });
    for (const row of rows) expect(row.occurred_at).toBeInstanceOf(Date);
  });

  it('a refused or failed change writes no event', async () => {
    const author = await api.register('owner');
    const stranger = await api.register('stranger');
    const article = await api.createArticle(author.token);
    const start = await lastPosition();

    const taken = await api.post('/api/users', {
      user: { username: author.username, email: 'other@example.com', password: 'password123' },
    });
    expect(taken.status).toBe(409);
    const forbidden = await api.put(
      `/api/articles/${article.slug}`,
      { article: { title: 'Hijacked' } },
      stranger.token,
    );
    expect(forbidden.status).toBe(403);
    const missing = await api.post(
      '/api/articles/no-such-article/favorite',
      undefined,
      stranger.token,
    );
    expect(missing.status).toBe(404);
    const anonymous = await api
      .post(`/api/articles/${article.slug}/comments`, { comment: { body: 'x' } })
      .set('Authorization', tokenAuth('not-a-token'));
    expect(anonymous.status).toBe(401);

    expect(await rowsSince(start)).toEqual([]);
  });
});
