import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SqlClient } from '../../infrastructure/database/sql-client';

@Injectable()
export class FollowsRepository {
  constructor(private readonly sql: SqlClient) {}

  /** Idempotent: following twice leaves one row. True when this call added it. */
  async follow(em: EntityManager, followerId: number, followedId: number): Promise<boolean> {
    const rows = await em.query<unknown[]>(
      `INSERT INTO follows (follower_id, followed_id) VALUES ($1, $2)
       ON CONFLICT DO NOTHING RETURNING follower_id`,
      [followerId, followedId],
    );
    return rows.length === 1;
  }

  /** True when this call removed the row. */
  async unfollow(em: EntityManager, followerId: number, followedId: number): Promise<boolean> {
    // Wrapped in a SELECT: TypeORM returns [rows, count] for a bare DELETE.
    const rows = await em.query<{ removed: number }[]>(
      `WITH removed AS (
         DELETE FROM follows WHERE follower_id = $1 AND followed_id = $2 RETURNING 1
       )
       SELECT count(*)::int AS removed FROM removed`,
      [followerId, followedId],
    );
    return rows[0]?.removed === 1;
  }

  /** Which of `userIds` the follower follows: one query for a whole page of authors. */
  async followedAmong(followerId: number, userIds: readonly number[]): Promise<Set<number>> {
    if (userIds.length === 0) return new Set();
    const rows = await this.sql.rows<{ followed_id: number }>(
      `SELECT followed_id FROM follows WHERE follower_id = $1 AND followed_id = ANY($2::int[])`,
      [followerId, [...new Set(userIds)]],
    );
    return new Set(rows.map((row) => row.followed_id));
  }
}
