import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The session that made the user's last password change. A password change moves the token
 * version on, which signs out every session but this one: the tokens of the session that
 * changed the password stay valid, as users expect ("sign out everywhere else") and as the
 * RealWorld contract requires (its suite goes on with the same token after the change).
 */
export class AddUserKeptSession1764194400000 implements MigrationInterface {
  name = 'AddUserKeptSession1764194400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE users ADD COLUMN kept_session_id varchar(64)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE users DROP COLUMN kept_session_id`);
  }
}
