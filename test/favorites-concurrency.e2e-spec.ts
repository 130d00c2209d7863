import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import {
  bodyOf,
  ConduitClient,
  type ArticleResponse,
  type TestUser,
} from './support/conduit-client';
import { startTestApp } from './support/test-app';

const USERS = 60;

/** Registers `count` users, a few at a time (each registration spends an argon2 hash). */
async function registerMany(client: ConduitClient, count: number): Promise<TestUser[]> {
  const users: TestUser[] = [];
  while (users.length < count) {
    const batch = Math.min(10, count - users.length);
    users.push(...(await Promise.all(Array.from({ length: batch }, () => client.register('fan')))));
  }
  return users;
}

describe('favoritesCount under concurrency', () => {
  let app: NestFastifyApplication;
  let client: ConduitClient;
  let dataSource: DataSource;
  let fans: TestUser[];
  let author: TestUser;

  beforeAll(async () => {
    app = await startTestApp();
    // A listening server, so the parallel requests below are parallel sockets.
    await app.listen(0, '127.0.0.1');
    client = new ConduitClient(app);
    dataSource = app.get(DataSource);
    author = await client.register('author');
    fans = await registerMany(client, USERS);
  }, 120_000);
  afterAll(async () => app.close());

  /** What the article says, and what the favorites table says: they must agree. */
  async function counts(slug: string): Promise<{ reported: number; rows: number }> {
    const response = await client.get(`/api/articles/${slug}`);
    const [{ rows }] = await dataSource.query<{ rows: number }[]>(
      `SELECT count(*)::int AS rows FROM favorites f JOIN articles a ON a.id = f.article_id WHERE a.slug = $1`,
      [slug],
    );
    return { reported: bodyOf<ArticleResponse>(response).article.favoritesCount, rows };
  }

  it(`stays exact when ${USERS} users favorite at once`, async () => {
    const { slug } = await client.createArticle(author.token);
    const responses = await Promise.all(
      fans.map((fan) => client.post(`/api/articles/${slug}/favorite`, undefined, fan.token)),
    );
    expect(responses.map((response) => response.status)).toEqual(fans.map(() => 200));
    expect(await counts(slug)).toEqual({ reported: USERS, rows: USERS });
  });

  it('stays exact when half unfavorite while the other half favorite again', async () => {
    const { slug } = await client.createArticle(author.token);
    await Promise.all(
      fans.map((fan) => client.post(`/api/articles/${slug}/favorite`, undefined, fan.token)),
    );
    const leaving = fans.slice(0, USERS / 2);
    const staying = fans.slice(USERS / 2);
    const responses = await Promise.all([
      ...leaving.map((fan) => client.delete(`/api/articles/${slug}/favorite`, fan.token)),
      ...staying.map((fan) => client.post(`/api/articles/${slug}/favorite`, undefined, fan.token)),
    ]);
    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(await counts(slug)).toEqual({ reported: USERS / 2, rows: USERS / 2 });
  });

  it('counts one user once however many times they favorite at once', async () => {
    const { slug } = await client.createArticle(author.token);
    const [fan] = fans;
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        client.post(`/api/articles/${slug}/favorite`, undefined, fan.token),
      ),
    );
    expect(responses.every((response) => bodyOf<ArticleResponse>(response).article.favorited)).toBe(
      true,
    );
    expect(await counts(slug)).toEqual({ reported: 1, rows: 1 });
  });
});
