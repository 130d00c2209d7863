import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Accounts: one row per registered user. Emails are unique whatever their letter case. */
export class CreateUsers1764165600000 implements MigrationInterface {
  name = 'CreateUsers1764165600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE users (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        email varchar(255) NOT NULL,
        username varchar(64) NOT NULL,
        password_hash text NOT NULL,
        bio text,
        image text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_username_key UNIQUE (username)
      )
    `);
    await queryRunner.query(`CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE users`);
  }
}
