import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { violatedUniqueConstraint } from '../../infrastructure/database/postgres-errors';
import { SqlClient } from '../../infrastructure/database/sql-client';
import { AUTHOR_COLUMNS, authorOf, type AuthorColumns } from '../profiles/author';
import type { PagePosition } from '../../common/pagination/page-cursor';
import type { ArticleCore, ArticleRow } from './article-row';

/** Which articles a list shows; every given condition must hold. */
export interface ArticleFilter {
  tag?: string;
  authorUsername?: string;
  favoritedByUsername?: string;
  /** The feed: articles by the authors this user follows. */
  followedBy?: number;
}

export interface Page {
  limit: number;
  offset: number;
  /** Keyset paging: the page starts after this article (offset is then 0). */
  after?: PagePosition;
}

export interface ArticleOwnership {
  id: number;
  authorId: number;
  slug: string;
  title: string;
}

export interface ArticleChanges {
  title?: string;
  description?: string;
  body?: string;
}

/** A row of the list query or of findBySlug: the article's columns and its author's. */
interface ArticleRecord extends AuthorColumns {
  id: number;
  slug: string;
  title: string;
  description: string;
  body?: string;
  tag_list: string[];
  created_at: Date;
  updated_at: Date;
  favorites_count: number;
}

/** An article's own columns, with its tags (sorted) as an array. */
const ARTICLE_COLUMNS = `
  a.id, a.slug, a.title, a.description, a.created_at, a.updated_at, a.favorites_count,
  ARRAY(SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id
        WHERE at.article_id = a.id ORDER BY t.name) AS tag_list`;

function toCore(record: ArticleRecord): ArticleCore {
  return {
    id: record.id,
    slug: record.slug,
    title: record.title,
    description: record.description,
    ...(record.body === undefined ? {} : { body: record.body }),
    tagList: record.tag_list,
    createdAt: record.created_at.toISOString(),
    updatedAt: record.updated_at.toISOString(),
    favoritesCount: record.favorites_count,
    authorId: record.author_id,
  };
}

function toRow(record: ArticleRecord): ArticleRow {
  return { ...toCore(record), author: authorOf(record) };
}

/** Collects a statement's values and hands out their placeholders ($1, $2, …). */
class Parameters {
  readonly values: unknown[] = [];

  /** The placeholder of `value`, which is sent apart from the SQL text. */
  param(value: unknown): string {
    return `$${this.values.push(value)}`;
  }
}

/**
 * The WHERE clause for a filter (and, for a keyset page, the position it starts after):
 * constant SQL, values only as parameters.
 */
function whereClause(filter: ArticleFilter, params: Parameters, after?: PagePosition): string {
  const conditions: string[] = [];
  if (after !== undefined) {
    conditions.push(
      `(a.created_at, a.id) < (${params.param(after.createdAt)}::timestamptz, ${params.param(after.id)})`,
    );
  }
  if (filter.tag !== undefined) {
    conditions.push(`a.id IN (SELECT at.article_id FROM article_tags at JOIN tags t ON t.id = at.tag_id
                              WHERE t.name = ${params.param(filter.tag)})`);
  }
  if (filter.authorUsername !== undefined) {
    conditions.push(
      `a.author_id = (SELECT id FROM users WHERE username = ${params.param(filter.authorUsername)})`,
    );
  }
  if (filter.favoritedByUsername !== undefined) {
    conditions.push(`a.id IN (SELECT f.article_id FROM favorites f
                              WHERE f.user_id = (SELECT id FROM users WHERE username = ${params.param(filter.favoritedByUsername)}))`);
  }
  if (filter.followedBy !== undefined) {
    conditions.push(
      `a.author_id IN (SELECT followed_id FROM follows WHERE follower_id = ${params.param(filter.followedBy)})`,
    );
  }
  return conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
}

/**
 * How many articles match: from the counts triggers keep (the total, per tag, per author, and
 * the feed as the sum over the followed authors) when one filter is given, so that the count
 * does not read every match; counted for a combination of filters.
 */
function countQuery(filter: ArticleFilter, params: Parameters): string {
  const given = [filter.tag, filter.authorUsername, filter.favoritedByUsername, filter.followedBy];
  const filters = given.filter((value) => value !== undefined).length;
  if (filters === 0) return `SELECT total::int AS count FROM article_totals`;
  if (filters === 1 && filter.tag !== undefined) {
    return `SELECT COALESCE((SELECT article_count FROM tags WHERE name = ${params.param(filter.tag)}), 0) AS count`;
  }
  if (filters === 1 && filter.authorUsername !== undefined) {
    return `SELECT COALESCE((SELECT articles_count FROM users WHERE username = ${params.param(filter.authorUsername)}), 0) AS count`;
  }
  if (filters === 1 && filter.followedBy !== undefined) {
    return `SELECT COALESCE(sum(u.articles_count), 0)::int AS count
            FROM follows f JOIN users u ON u.id = f.followed_id
            WHERE f.follower_id = ${params.param(filter.followedBy)}`;
  }
  const countWhere = whereClause(filter, params);
  return `SELECT count(*)::int AS count FROM articles a ${countWhere}`;
}

@Injectable()
export class ArticlesRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sql: SqlClient,
  ) {}

  /**
   * One page, newest first, without bodies, and the total number of matches: two queries. The
   * page's ids are found first (an index scan that skips `offset` rows reading nothing else),
   * and only the page's rows are read and given their tags and author. After a cursor the scan
   * starts at that article instead, the same cost at any depth. One row beyond the page says
   * whether there is a next one.
   */
  async list(
    filter: ArticleFilter,
    page: Page,
  ): Promise<{ rows: ArticleRow[]; count: number; hasMore: boolean }> {
    const paging = new Parameters();
    const pageWhere = whereClause(filter, paging, page.after);
    const counting = new Parameters();
    const [records, counted] = await Promise.all([
      this.sql.rows<ArticleRecord>(
        `WITH page AS (
           SELECT a.id FROM articles a ${pageWhere}
           ORDER BY a.created_at DESC, a.id DESC
           LIMIT ${paging.param(page.limit + 1)} OFFSET ${paging.param(page.after === undefined ? page.offset : 0)}
         )
         SELECT ${ARTICLE_COLUMNS}, ${AUTHOR_COLUMNS}
         FROM page JOIN articles a ON a.id = page.id JOIN users u ON u.id = a.author_id
         ORDER BY a.created_at DESC, a.id DESC`,
        paging.values,
      ),
      this.sql.rows<{ count: number }>(countQuery(filter, counting), counting.values),
    ]);
    return {
      rows: records.slice(0, page.limit).map(toRow),
      count: counted[0]?.count ?? 0,
      hasMore: records.length > page.limit,
    };
  }

  /** The article with its body and its author, in one query. */
  async findBySlug(slug: string): Promise<ArticleRow | null> {
    const records = await this.sql.rows<ArticleRecord>(
      `SELECT ${ARTICLE_COLUMNS}, a.body, ${AUTHOR_COLUMNS}
       FROM articles a JOIN users u ON u.id = a.author_id WHERE a.slug = $1`,
      [slug],
    );
    return records[0] ? toRow(records[0]) : null;
  }

  async findIdBySlug(
    slug: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<number | null> {
    const rows = await em.query<{ id: number }[]>(`SELECT id FROM articles WHERE slug = $1`, [
      slug,
    ]);
    return rows[0]?.id ?? null;
  }

  /** Reads and locks the article for the rest of the transaction (update, delete). */
  async lockBySlug(em: EntityManager, slug: string): Promise<ArticleOwnership | null> {
    const rows = await em.query<{ id: number; author_id: number; slug: string; title: string }[]>(
      `SELECT id, author_id, slug, title FROM articles WHERE slug = $1 FOR UPDATE`,
      [slug],
    );
    const row = rows[0];
    return row ? { id: row.id, authorId: row.author_id, slug: row.slug, title: row.title } : null;
  }

  /** Inserts with the first free slug among `slugs`; returns the slug it got. */
  async insert(
    em: EntityManager,
    article: Required<ArticleChanges> & { authorId: number },
    slugs: readonly string[],
  ): Promise<{ id: number; slug: string }> {
    for (const slug of slugs) {
      const rows = await em.query<{ id: number }[]>(
        `INSERT INTO articles (slug, title, description, body, author_id) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (slug) DO NOTHING RETURNING id`,
        [slug, article.title, article.description, article.body, article.authorId],
      );
      if (rows[0]) return { id: rows[0].id, slug };
    }
    throw new Error(`No free slug among ${slugs.length} candidates`);
  }

  /**
   * Applies the changes and moves updated_at forward, by at least a millisecond so that
   * an update is always visible in it.
   */
  async update(em: EntityManager, id: number, changes: ArticleChanges): Promise<void> {
    await em.query(
      `UPDATE articles SET title = COALESCE($2, title), description = COALESCE($3, description),
              body = COALESCE($4, body), updated_at = GREATEST(now(), updated_at + interval '1 millisecond')
       WHERE id = $1`,
      [id, changes.title ?? null, changes.description ?? null, changes.body ?? null],
    );
  }

  /** Moves the article to the first free slug among `slugs`; returns it. */
  async changeSlug(em: EntityManager, id: number, slugs: readonly string[]): Promise<string> {
    for (const slug of slugs) {
      // A savepoint keeps the transaction usable when the slug turns out to be taken.
      await em.query('SAVEPOINT change_slug');
      try {
        await em.query(`UPDATE articles SET slug = $2 WHERE id = $1`, [id, slug]);
        await em.query('RELEASE SAVEPOINT change_slug');
        return slug;
      } catch (error) {
        await em.query('ROLLBACK TO SAVEPOINT change_slug');
        if (violatedUniqueConstraint(error) !== 'articles_slug_key') throw error;
      }
    }
    throw new Error(`No free slug among ${slugs.length} candidates`);
  }

  async delete(em: EntityManager, id: number): Promise<void> {
    await em.query(`DELETE FROM articles WHERE id = $1`, [id]);
  }

  async adjustFavoritesCount(em: EntityManager, id: number, delta: 1 | -1): Promise<void> {
    await em.query(`UPDATE articles SET favorites_count = favorites_count + $2 WHERE id = $1`, [
      id,
      delta,
    ]);
  }
}
