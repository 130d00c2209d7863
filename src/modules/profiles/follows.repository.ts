import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

@Injectable()
export class FollowsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Idempotent: following twice leaves one row. */
  async follow(followerId: number, followedId: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO follows (follower_id, followed_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [followerId, followedId],
    );
  }

  async unfollow(followerId: number, followedId: number): Promise<void> {
    await this.dataSource.query(`DELETE FROM follows WHERE follower_id = $1 AND followed_id = $2`, [
      followerId,
      followedId,
    ]);
  }

  /** Which of `userIds` the follower follows: one query for a whole page of authors. */
  async followedAmong(followerId: number, userIds: readonly number[]): Promise<Set<number>> {
    if (userIds.length === 0) return new Set();
    const rows = await this.dataSource.query<{ followed_id: number }[]>(
      `SELECT followed_id FROM follows WHERE follower_id = $1 AND followed_id = ANY($2::int[])`,
      [followerId, [...new Set(userIds)]],
    );
    return new Set(rows.map((row) => row.followed_id));
  }
}
