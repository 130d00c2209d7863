import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { conflict } from '../../common/errors/domain-error';
import { violatedUniqueConstraint } from '../../infrastructure/database/postgres-errors';

export interface SeedUserRow {
  username: string;
  email: string;
}

export interface SeedArticleRow {
  slug: string;
  title: string;
  description: string;
  body: string;
  authorId: number;
  createdAt: Date;
  favoritesCount: number;
}

/** Rows per statement: large enough that round trips do not count, small enough for memory. */
export const SEED_BATCH_ROWS = 5_000;

/** Longer than any request may take (DB_STATEMENT_TIMEOUT_MS), bounded all the same. */
const SEED_STATEMENT_TIMEOUT = '10min';

const SEEDED_UNIQUE_CONSTRAINTS = new Set([
  'users_username_key',
  'users_email_lower_key',
  'articles_slug_key',
]);

/** Another seed run with the same --seed won the race to a unique name. */
function rethrowAsSeedConflict(error: unknown): never {
  if (SEEDED_UNIQUE_CONSTRAINTS.has(violatedUniqueConstraint(error) ?? '')) throw conflict('seed');
  throw error;
}

/** The pair tables' inserts: two int arrays, one per column. */
const INSERT_ARTICLE_TAGS = `INSERT INTO article_tags (article_id, tag_id)
  SELECT * FROM unnest($1::int[], $2::int[])`;
const INSERT_FAVORITES = `INSERT INTO favorites (user_id, article_id)
  SELECT * FROM unnest($1::int[], $2::int[])`;
const INSERT_FOLLOWS = `INSERT INTO follows (follower_id, followed_id)
  SELECT * FROM unnest($1::int[], $2::int[])`;

function inBatches<T>(rows: readonly T[], size: number = SEED_BATCH_ROWS): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < rows.length; start += size)
    batches.push(rows.slice(start, start + size));
  return batches;
}

/**
 * Every query of the bulk seed: multi-row inserts from arrays (one statement per few thousand
 * rows, each array one parameter), inside the caller's transaction. The article_totals
 * triggers are statement-level, so they run once per batch.
 */
@Injectable()
export class SeedRepository {
  /** The statement timeout meant for requests would cut the larger statements short. */
  async allowLongStatements(em: EntityManager): Promise<void> {
    await em.query(`SELECT set_config('statement_timeout', $1, true)`, [SEED_STATEMENT_TIMEOUT]);
  }

  /**
   * Refreshes the planner's statistics of every table the seed fills. Until autovacuum gets to
   * them the planner still sees them as they were before (often empty), and picks plans such as
   * a sequential scan of articles for the feed's count.
   */
  async analyzeSeededTables(em: EntityManager): Promise<void> {
    await em.query(`ANALYZE users, tags, articles, article_tags, favorites, follows`);
  }

  async countTakenUsernames(em: EntityManager, usernames: readonly string[]): Promise<number> {
    const rows = await em.query<{ taken: string }[]>(
      `SELECT count(*) AS taken FROM users WHERE username = ANY($1::text[])`,
      [usernames],
    );
    return Number(rows[0]?.taken ?? 0);
  }

  /** Inserts the users, all with the same password hash; their ids in the order given. */
  async insertUsers(
    em: EntityManager,
    users: readonly SeedUserRow[],
    passwordHash: string,
  ): Promise<number[]> {
    const ids: number[] = [];
    for (const batch of inBatches(users)) {
      const rows = await em
        .query<{ id: number; username: string }[]>(
          `INSERT INTO users (username, email, password_hash)
           SELECT username, email, $3 FROM unnest($1::text[], $2::text[]) AS u(username, email)
           RETURNING id, username`,
          [batch.map((user) => user.username), batch.map((user) => user.email), passwordHash],
        )
        .catch(rethrowAsSeedConflict);
      // RETURNING promises no order: match the ids back by the unique name.
      const idByName = new Map(rows.map((row) => [row.username, row.id]));
      for (const user of batch) ids.push(idByName.get(user.username) ?? 0);
    }
    return ids;
  }

  /** Creates the tags that do not exist yet; the id of every name, in the order given. */
  async ensureTags(em: EntityManager, names: readonly string[]): Promise<number[]> {
    if (names.length === 0) return [];
    await em.query(
      `INSERT INTO tags (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING`,
      [names],
    );
    const rows = await em.query<{ id: number; name: string }[]>(
      `SELECT id, name FROM tags WHERE name = ANY($1::text[])`,
      [names],
    );
    const idByName = new Map(rows.map((row) => [row.name, row.id]));
    return names.map((name) => idByName.get(name) ?? 0);
  }

  /** Inserts one batch of articles; their ids in the order given. */
  async insertArticles(em: EntityManager, articles: readonly SeedArticleRow[]): Promise<number[]> {
    const rows = await em
      .query<{ id: number; slug: string }[]>(
        `INSERT INTO articles
           (slug, title, description, body, author_id, favorites_count, created_at, updated_at)
         SELECT slug, title, description, body, author_id, favorites_count, created_at, created_at
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::int[],
                     $7::timestamptz[])
           AS a(slug, title, description, body, author_id, favorites_count, created_at)
         RETURNING id, slug`,
        [
          articles.map((article) => article.slug),
          articles.map((article) => article.title),
          articles.map((article) => article.description),
          articles.map((article) => article.body),
          articles.map((article) => article.authorId),
          articles.map((article) => article.favoritesCount),
          articles.map((article) => article.createdAt.toISOString()),
        ],
      )
      .catch(rethrowAsSeedConflict);
    const idBySlug = new Map(rows.map((row) => [row.slug, row.id]));
    return articles.map((article) => idBySlug.get(article.slug) ?? 0);
  }

  async insertArticleTags(
    em: EntityManager,
    links: readonly (readonly [articleId: number, tagId: number])[],
  ): Promise<void> {
    await this.insertPairs(em, INSERT_ARTICLE_TAGS, links);
  }

  async insertFavorites(
    em: EntityManager,
    favorites: readonly (readonly [userId: number, articleId: number])[],
  ): Promise<void> {
    await this.insertPairs(em, INSERT_FAVORITES, favorites);
  }

  async insertFollows(
    em: EntityManager,
    follows: readonly (readonly [followerId: number, followedId: number])[],
  ): Promise<void> {
    await this.insertPairs(em, INSERT_FOLLOWS, follows);
  }

  private async insertPairs(
    em: EntityManager,
    statement: string,
    pairs: readonly (readonly [number, number])[],
  ): Promise<void> {
    for (const batch of inBatches(pairs, SEED_BATCH_ROWS * 4)) {
      await em.query(statement, [batch.map(([first]) => first), batch.map(([, second]) => second)]);
    }
  }
}
