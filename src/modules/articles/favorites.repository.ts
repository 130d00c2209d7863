import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SqlClient } from '../../infrastructure/database/sql-client';

@Injectable()
export class FavoritesRepository {
  constructor(private readonly sql: SqlClient) {}

  /** True when the favorite is new (false when it already existed). */
  async add(em: EntityManager, userId: number, articleId: number): Promise<boolean> {
    const rows = await em.query<unknown[]>(
      `INSERT INTO favorites (user_id, article_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`,
      [userId, articleId],
    );
    return rows.length === 1;
  }

  /** True when a favorite was removed. */
  async remove(em: EntityManager, userId: number, articleId: number): Promise<boolean> {
    // Wrapped in a SELECT: TypeORM returns [rows, count] for a bare DELETE.
    const rows = await em.query<{ removed: number }[]>(
      `WITH removed AS (DELETE FROM favorites WHERE user_id = $1 AND article_id = $2 RETURNING 1)
       SELECT count(*)::int AS removed FROM removed`,
      [userId, articleId],
    );
    return rows[0]?.removed === 1;
  }

  /** Which of `articleIds` the user has favorited: one query for a whole page. */
  async favoritedAmong(userId: number, articleIds: readonly number[]): Promise<Set<number>> {
    if (articleIds.length === 0) return new Set();
    const rows = await this.sql.rows<{ article_id: number }>(
      `SELECT article_id FROM favorites WHERE user_id = $1 AND article_id = ANY($2::int[])`,
      [userId, articleIds],
    );
    return new Set(rows.map((row) => row.article_id));
  }
}
