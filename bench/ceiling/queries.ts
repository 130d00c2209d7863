import type { Pool } from 'pg';

/**
 * The SQL of our repositories, verbatim where the repository writes SQL (the comment above each
 * names the method it mirrors), issued with the same number of round trips and the same
 * parallelism as our services issue them. Keep them in step when a repository changes.
 */

export interface ArticleRecord {
  id: number;
  slug: string;
  title: string;
  description: string;
  body?: string;
  tag_list: string[];
  created_at: Date;
  updated_at: Date;
  favorites_count: number;
  author_id: number;
  author_username?: string;
  author_bio?: string | null;
  author_image?: string | null;
}

export interface AuthorRecord {
  id: number;
  username: string;
  bio: string | null;
  image: string | null;
}

export interface ListFilter {
  tag?: string;
  author?: string;
  favorited?: string;
  followedBy?: number;
}

/** ArticlesRepository's ARTICLE_COLUMNS. */
const ARTICLE_COLUMNS = `
  a.id, a.slug, a.title, a.description, a.created_at, a.updated_at, a.favorites_count,
  ARRAY(SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id
        WHERE at.article_id = a.id ORDER BY t.name) AS tag_list`;

/** src/modules/profiles/author.ts's AUTHOR_COLUMNS. */
const AUTHOR_COLUMNS =
  'u.id AS author_id, u.username AS author_username, u.bio AS author_bio, u.image AS author_image';

/** ArticlesRepository's whereClause(): the same conditions, in the same order. */
function whereClause(filter: ListFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const param = (value: unknown): string => `$${params.push(value)}`;
  const conditions: string[] = [];
  if (filter.tag !== undefined) {
    conditions.push(`a.id IN (SELECT at.article_id FROM article_tags at JOIN tags t ON t.id = at.tag_id
                              WHERE t.name = ${param(filter.tag)})`);
  }
  if (filter.author !== undefined) {
    conditions.push(
      `a.author_id = (SELECT id FROM users WHERE username = ${param(filter.author)})`,
    );
  }
  if (filter.favorited !== undefined) {
    conditions.push(`a.id IN (SELECT f.article_id FROM favorites f
                              WHERE f.user_id = (SELECT id FROM users WHERE username = ${param(filter.favorited)}))`);
  }
  if (filter.followedBy !== undefined) {
    conditions.push(
      `a.author_id IN (SELECT followed_id FROM follows WHERE follower_id = ${param(filter.followedBy)})`,
    );
  }
  return { sql: conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

/** ArticlesRepository's countQuery(): a kept count for one filter, else counted. */
function countQuery(filter: ListFilter): { sql: string; params: unknown[] } {
  const given = [filter.tag, filter.author, filter.favorited, filter.followedBy];
  const filters = given.filter((value) => value !== undefined).length;
  if (filters === 0) return { sql: `SELECT total::int AS count FROM article_totals`, params: [] };
  if (filters === 1 && filter.tag !== undefined) {
    return {
      sql: `SELECT COALESCE((SELECT article_count FROM tags WHERE name = $1), 0) AS count`,
      params: [filter.tag],
    };
  }
  if (filters === 1 && filter.author !== undefined) {
    return {
      sql: `SELECT COALESCE((SELECT articles_count FROM users WHERE username = $1), 0) AS count`,
      params: [filter.author],
    };
  }
  if (filters === 1 && filter.followedBy !== undefined) {
    return {
      sql: `SELECT COALESCE(sum(u.articles_count), 0)::int AS count
            FROM follows f JOIN users u ON u.id = f.followed_id WHERE f.follower_id = $1`,
      params: [filter.followedBy],
    };
  }
  const where = whereClause(filter);
  return {
    sql: `SELECT count(*)::int AS count FROM articles a ${where.sql}`,
    params: where.params,
  };
}

/** ArticlesRepository.list(): the page (its ids first) and the count, in parallel. */
export async function listArticles(
  pool: Pool,
  filter: ListFilter,
  limit: number,
  offset: number,
): Promise<{ records: ArticleRecord[]; count: number }> {
  const where = whereClause(filter);
  const limitParam = `$${where.params.length + 1}`;
  const offsetParam = `$${where.params.length + 2}`;
  const count = countQuery(filter);
  const [page, counted] = await Promise.all([
    pool.query<ArticleRecord>(
      `WITH page AS (
         SELECT a.id FROM articles a ${where.sql}
         ORDER BY a.created_at DESC, a.id DESC LIMIT ${limitParam} OFFSET ${offsetParam}
       )
       SELECT ${ARTICLE_COLUMNS}, ${AUTHOR_COLUMNS}
       FROM page JOIN articles a ON a.id = page.id JOIN users u ON u.id = a.author_id
       ORDER BY a.created_at DESC, a.id DESC`,
      [...where.params, limit, offset],
    ),
    pool.query<{ count: number }>(count.sql, count.params),
  ]);
  return { records: page.rows, count: counted.rows[0]?.count ?? 0 };
}

/** ArticlesRepository.findBySlug(): the article and its author, in one query. */
export async function findArticleBySlug(pool: Pool, slug: string): Promise<ArticleRecord | null> {
  const result = await pool.query<ArticleRecord>(
    `SELECT ${ARTICLE_COLUMNS}, a.body, ${AUTHOR_COLUMNS}
     FROM articles a JOIN users u ON u.id = a.author_id WHERE a.slug = $1`,
    [slug],
  );
  return result.rows[0] ?? null;
}

/**
 * ArticlesService.flags(): FavoritesRepository.favoritedAmong() and
 * FollowsRepository.followedAmong(), in parallel.
 */
export async function viewerFlags(
  pool: Pool,
  viewerId: number,
  articleIds: readonly number[],
  authorIds: readonly number[],
): Promise<{ favorited: Set<number>; following: Set<number> }> {
  if (articleIds.length === 0) return { favorited: new Set(), following: new Set() };
  const [favorited, following] = await Promise.all([
    pool.query<{ article_id: number }>(
      `SELECT article_id FROM favorites WHERE user_id = $1 AND article_id = ANY($2::int[])`,
      [viewerId, articleIds],
    ),
    pool.query<{ followed_id: number }>(
      `SELECT followed_id FROM follows WHERE follower_id = $1 AND followed_id = ANY($2::int[])`,
      [viewerId, [...new Set(authorIds)]],
    ),
  ]);
  return {
    favorited: new Set(favorited.rows.map((row) => row.article_id)),
    following: new Set(following.rows.map((row) => row.followed_id)),
  };
}

/** TagsRepository.mostUsed(). */
export async function mostUsedTags(pool: Pool, limit: number): Promise<string[]> {
  const result = await pool.query<{ name: string }>(
    `SELECT name FROM tags WHERE article_count > 0 ORDER BY article_count DESC, name LIMIT $1`,
    [limit],
  );
  return result.rows.map((row) => row.name);
}
