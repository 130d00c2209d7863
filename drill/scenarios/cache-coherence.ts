import { articleBody, articleSlug, expectStatus } from '../fixtures';
import { send } from '../http-client';
import { valueAt } from '../json-path';
import type { Scenario } from '../scenario';

const ROUNDS = 50;

/** 6. Writes through one instance, reads through the other, straight after: never stale. */
export const cacheCoherence: Scenario = {
  id: 6,
  title: `Cache coherence: ${ROUNDS} writes through one instance, each read at once through the other`,
  async run({ topology, fixtures }, outcome) {
    const [writer, reader] = topology.apis.map((api) => `http://127.0.0.1:${api.spec.healthPort}`);
    const author = fixtures.users[0];
    const created = await send(writer, {
      method: 'POST',
      path: '/api/articles',
      token: author.token,
      body: articleBody(`drill ${topology.runId} coherence`),
    });
    expectStatus(created, 201, 'creating the article');
    const slug = articleSlug(created);
    const stale: string[] = [];
    let reads = 0;
    for (let round = 0; round < ROUNDS; round++) {
      // Warm the reader's cache first, so that a missed invalidation would show.
      const warmed = await Promise.all([
        send(reader, { path: `/api/articles/${slug}` }),
        send(reader, { path: `/api/articles?author=${author.username}&limit=1` }),
        send(writer, { path: `/api/articles/${slug}/comments` }),
      ]);
      for (const answer of warmed) expectStatus(answer, 200, 'warming the cache');

      const description = `revision ${round}`;
      const [writerSide, readerSide] = round % 2 === 0 ? [writer, reader] : [reader, writer];
      expectStatus(
        await send(writerSide, {
          method: 'PUT',
          path: `/api/articles/${slug}`,
          token: author.token,
          body: { article: { description } },
        }),
        200,
        'updating',
      );
      const single = await send(readerSide, { path: `/api/articles/${slug}` });
      const list = await send(readerSide, {
        path: `/api/articles?author=${author.username}&limit=1`,
      });
      reads += 2;
      if (valueAt(single.body, 'article', 'description') !== description)
        stale.push(`article after update ${round}`);
      if (valueAt(list.body, 'articles', 0, 'description') !== description)
        stale.push(`list after update ${round}`);

      const fan = fixtures.users[1 + (round % (fixtures.users.length - 1))];
      const favorite = await send(readerSide, {
        method: round < fixtures.users.length - 1 ? 'POST' : 'DELETE',
        path: `/api/articles/${slug}/favorite`,
        token: fan.token,
      });
      expectStatus(favorite, 200, 'favoriting');
      const expectedCount = valueAt(favorite.body, 'article', 'favoritesCount');
      const seen = await send(writerSide, { path: `/api/articles/${slug}` });
      reads++;
      if (valueAt(seen.body, 'article', 'favoritesCount') !== expectedCount)
        stale.push(`favorites count after round ${round}`);

      const comment = await send(writerSide, {
        method: 'POST',
        path: `/api/articles/${slug}/comments`,
        token: fan.token,
        body: { comment: { body: `round ${round}` } },
      });
      expectStatus(comment, 201, 'commenting');
      const commentId = valueAt(comment.body, 'comment', 'id');
      const comments = await send(readerSide, { path: `/api/articles/${slug}/comments` });
      reads++;
      const listed = valueAt(comments.body, 'comments');
      if (!Array.isArray(listed) || !listed.some((c: unknown) => valueAt(c, 'id') === commentId))
        stale.push(`comments after round ${round}`);
    }
    outcome.figure(
      `${ROUNDS} rounds (update, favorite, comment), ${reads} reads straight after a write through the other instance: ${stale.length} stale`,
    );
    outcome.expect(stale.length === 0, `stale reads: ${stale.slice(0, 5).join(', ')}`);
  },
};
