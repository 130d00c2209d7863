import { Redis } from 'ioredis';
import { articleResponseKey, CEILING_KEY_FAMILY } from './ceiling/keys';
import { withClient } from './provision/bench-database';
import { deleteKeys } from './provision/redis';

/**
 * What the harness does to caches between scenarios, from outside both servers: empty them
 * before the uncached scenario, and give the ceiling its cached by-slug responses.
 */

/** Our cached values (AppCache's `<prefix>cache:*`, as `cli cache:flush` deletes) and the ceiling's. */
export async function flushCaches(redisUrl: string, keyPrefix: string): Promise<void> {
  await deleteKeys(redisUrl, `${keyPrefix}cache:*`);
  await deleteKeys(redisUrl, `${keyPrefix}${CEILING_KEY_FAMILY}*`);
}

/** The ceiling's cached by-slug answers: our exact response bodies, so both send the same bytes. */
export async function populateCeilingCache(
  redisUrl: string,
  keyPrefix: string,
  bodies: ReadonlyMap<string, string>,
  ttlSeconds: number,
): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    const pipeline = redis.pipeline();
    for (const [slug, body] of bodies) {
      pipeline.set(articleResponseKey(keyPrefix, slug), body, 'EX', ttlSeconds);
    }
    await pipeline.exec();
  } finally {
    redis.disconnect();
  }
}

/**
 * Reads the rows the uncached scenario will ask for (article, tags, author), so that both
 * servers find them in PostgreSQL's buffers and only the Redis cache is cold for either.
 */
export async function primeDatabase(databaseUrl: string, slugs: readonly string[]): Promise<void> {
  await withClient(databaseUrl, async (client) => {
    await client.query(
      `SELECT count(*), sum(length(a.body)), sum(length(u.username)),
              sum(cardinality(ARRAY(SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id
                                    WHERE at.article_id = a.id)))
       FROM articles a JOIN users u ON u.id = a.author_id WHERE a.slug = ANY($1::text[])`,
      [slugs],
    );
  });
}

/** Our answers to the anonymous by-slug reads of `slugs` (which also fills our cache with them). */
export async function responseBodies(
  origin: string,
  slugs: readonly string[],
): Promise<Map<string, string>> {
  const bodies = new Map<string, string>();
  const queue = [...slugs];
  const worker = async (): Promise<void> => {
    for (let slug = queue.shift(); slug !== undefined; slug = queue.shift()) {
      const response = await fetch(`${origin}/api/articles/${encodeURIComponent(slug)}`, {
        signal: AbortSignal.timeout(30_000),
      });
      const body = await response.text();
      if (response.status !== 200) throw new Error(`GET of ${slug} answered ${response.status}`);
      bodies.set(slug, body);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return bodies;
}
