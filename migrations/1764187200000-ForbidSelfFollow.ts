import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Nobody follows themselves: the API refuses it (422), and this keeps the rule for every writer
 * of the table. Self-follows written before the rule are removed first.
 */
export class ForbidSelfFollow1764187200000 implements MigrationInterface {
  name = 'ForbidSelfFollow1764187200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM follows WHERE follower_id = followed_id`);
    await queryRunner.query(
      `ALTER TABLE follows ADD CONSTRAINT follows_not_self CHECK (follower_id <> followed_id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE follows DROP CONSTRAINT follows_not_self`);
  }
}
