import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Refresh tokens in families: a family is one session (a login or a registration; its id is
 * the session id its access tokens carry), its tokens the chain of rotations. A token is kept
 * only as a SHA-256 hash; a spent one presented again revokes its family.
 */
export class CreateRefreshTokens1764205200000 implements MigrationInterface {
  name = 'CreateRefreshTokens1764205200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE refresh_token_families (
        id varchar(64) PRIMARY KEY,
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        revoked_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX refresh_token_families_live_idx ON refresh_token_families (user_id)
        WHERE revoked_at IS NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE refresh_tokens (
        token_hash char(64) PRIMARY KEY,
        family_id varchar(64) NOT NULL REFERENCES refresh_token_families (id) ON DELETE CASCADE,
        expires_at timestamptz(3) NOT NULL,
        spent_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE refresh_tokens`);
    await queryRunner.query(`DROP TABLE refresh_token_families`);
  }
}
