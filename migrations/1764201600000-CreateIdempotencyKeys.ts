import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency-Key: the first answer to a POST, kept 24 hours per owner (a user, or a client
 * address for registration) and key, so that a retry gets it again instead of acting twice.
 * A row without a response is a request still running; `locked_until` lets a retry take over
 * one whose process died. `created_at` is indexed for the cleanup of expired keys.
 */
export class CreateIdempotencyKeys1764201600000 implements MigrationInterface {
  name = 'CreateIdempotencyKeys1764201600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE idempotency_keys (
        owner varchar(80) NOT NULL,
        key varchar(255) NOT NULL,
        request_fingerprint char(64) NOT NULL,
        response_status smallint,
        response_body text,
        locked_until timestamptz(3) NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (owner, key)
      )`);
    await queryRunner.query(
      `CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE idempotency_keys`);
  }
}
