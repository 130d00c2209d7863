import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Page } from '../articles/articles.repository';
import { AUTHOR_COLUMNS, authorOf, type Author, type AuthorColumns } from '../profiles/author';

export interface CommentRow {
  id: number;
  body: string;
  createdAt: Date;
  updatedAt: Date;
  author: Author;
}

interface CommentRecord extends AuthorColumns {
  id: number;
  body: string;
  created_at: Date;
  updated_at: Date;
}

const COMMENT_COLUMNS = `c.id, c.body, c.created_at, c.updated_at, ${AUTHOR_COLUMNS}`;

function toRow(record: CommentRecord): CommentRow {
  return {
    id: record.id,
    body: record.body,
    createdAt: record.created_at,
    updatedAt: record.updated_at,
    author: authorOf(record),
  };
}

@Injectable()
export class CommentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(
    em: EntityManager,
    articleId: number,
    authorId: number,
    body: string,
  ): Promise<CommentRow> {
    const records = await em.query<CommentRecord[]>(
      `WITH created AS (
         INSERT INTO comments (article_id, author_id, body) VALUES ($1, $2, $3) RETURNING *
       )
       SELECT ${COMMENT_COLUMNS} FROM created c JOIN users u ON u.id = c.author_id`,
      [articleId, authorId, body],
    );
    const record = records[0];
    if (!record) throw new Error('INSERT INTO comments returned no row');
    return toRow(record);
  }

  /** Oldest first, as a conversation reads. */
  async listForArticle(articleId: number, page: Page): Promise<CommentRow[]> {
    const records = await this.dataSource.query<CommentRecord[]>(
      `SELECT ${COMMENT_COLUMNS} FROM comments c JOIN users u ON u.id = c.author_id
       WHERE c.article_id = $1 ORDER BY c.created_at, c.id LIMIT $2 OFFSET $3`,
      [articleId, page.limit, page.offset],
    );
    return records.map(toRow);
  }

  /** The comment's author, when the comment exists on that article. */
  async findAuthorId(articleId: number, commentId: number): Promise<number | null> {
    const rows = await this.dataSource.query<{ author_id: number }[]>(
      `SELECT author_id FROM comments WHERE id = $1 AND article_id = $2`,
      [commentId, articleId],
    );
    return rows[0]?.author_id ?? null;
  }

  async delete(commentId: number): Promise<void> {
    await this.dataSource.query(`DELETE FROM comments WHERE id = $1`, [commentId]);
  }
}
