import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A per-user token version: every token carries the version it was issued under, and a password
 * change moves it on, so every token issued before the change is refused from then on.
 */
export class AddUserTokenVersion1764183600000 implements MigrationInterface {
  name = 'AddUserTokenVersion1764183600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE users ADD COLUMN token_version integer NOT NULL DEFAULT 0 CHECK (token_version >= 0)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE users DROP COLUMN token_version`);
  }
}
