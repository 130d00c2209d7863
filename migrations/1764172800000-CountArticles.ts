import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The unfiltered article list reports how many articles exist. Counting them reads every
 * row, so the total is kept in a one-row table by statement-level triggers instead: exact
 * whichever way rows come and go (the API, cascades from deleted users, the CLI), at the
 * price of serialising concurrent article inserts and deletes on that row until commit.
 */
export class CountArticles1764172800000 implements MigrationInterface {
  name = 'CountArticles1764172800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE article_totals (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        total bigint NOT NULL CHECK (total >= 0)
      )
    `);
    await queryRunner.query(`INSERT INTO article_totals (total) SELECT count(*) FROM articles`);
    await queryRunner.query(`
      CREATE FUNCTION article_totals_add_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE article_totals SET total = total + (SELECT count(*) FROM inserted);
        RETURN NULL;
      END $$
    `);
    await queryRunner.query(`
      CREATE FUNCTION article_totals_subtract_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE article_totals SET total = total - (SELECT count(*) FROM deleted);
        RETURN NULL;
      END $$
    `);
    await queryRunner.query(`
      CREATE FUNCTION article_totals_reset() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE article_totals SET total = 0;
        RETURN NULL;
      END $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER articles_count_inserted AFTER INSERT ON articles
      REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION article_totals_add_inserted()
    `);
    await queryRunner.query(`
      CREATE TRIGGER articles_count_deleted AFTER DELETE ON articles
      REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION article_totals_subtract_deleted()
    `);
    await queryRunner.query(`
      CREATE TRIGGER articles_count_truncated AFTER TRUNCATE ON articles
      FOR EACH STATEMENT EXECUTE FUNCTION article_totals_reset()
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER articles_count_truncated ON articles`);
    await queryRunner.query(`DROP TRIGGER articles_count_deleted ON articles`);
    await queryRunner.query(`DROP TRIGGER articles_count_inserted ON articles`);
    await queryRunner.query(`DROP FUNCTION article_totals_reset()`);
    await queryRunner.query(`DROP FUNCTION article_totals_subtract_deleted()`);
    await queryRunner.query(`DROP FUNCTION article_totals_add_inserted()`);
    await queryRunner.query(`DROP TABLE article_totals`);
  }
}
