import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SqlClient } from '../../infrastructure/database/sql-client';

@Injectable()
export class TagsRepository {
  constructor(private readonly sql: SqlClient) {}

  /** Replaces the article's tags with `names` (already normalised), creating missing tags. */
  async replaceArticleTags(
    em: EntityManager,
    articleId: number,
    names: readonly string[],
  ): Promise<void> {
    await em.query(`DELETE FROM article_tags WHERE article_id = $1`, [articleId]);
    if (names.length === 0) return;
    // DO UPDATE (a no-op write) rather than DO NOTHING so RETURNING also yields existing tags.
    await em.query(
      `WITH upserted AS (
         INSERT INTO tags (name) SELECT unnest($2::varchar[])
         ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name
         RETURNING id
       )
       INSERT INTO article_tags (article_id, tag_id) SELECT $1, id FROM upserted`,
      [articleId, names],
    );
  }

  /**
   * The most used tags (on at least one article), most used first: read from tags' trigger-kept
   * article_count, by its index, not by counting every article's tags.
   */
  async mostUsed(limit: number): Promise<string[]> {
    const rows = await this.sql.rows<{ name: string }>(
      `SELECT name FROM tags WHERE article_count > 0 ORDER BY article_count DESC, name LIMIT $1`,
      [limit],
    );
    return rows.map((row) => row.name);
  }
}
