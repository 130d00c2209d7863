import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How many articles carry each tag, and how many each user wrote, kept by statement-level
 * triggers (as article_totals keeps the total): a list filtered by a tag or an author, and the
 * feed, report their articlesCount without counting every match, and the popular tags are read
 * from an index instead of grouping every article_tags row. The rows a statement touches are
 * locked in id order first, so concurrent writers wait for each other instead of deadlocking;
 * FOR NO KEY UPDATE, since the inserts' foreign-key checks already hold FOR KEY SHARE on the same
 * rows, and FOR UPDATE would conflict with another writer's (a deadlock of two inserts).
 */
export class CountArticlesPerTagAndAuthor1764198000000 implements MigrationInterface {
  name = 'CountArticlesPerTagAndAuthor1764198000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE tags ADD COLUMN article_count integer NOT NULL DEFAULT 0 CHECK (article_count >= 0)`,
    );
    await queryRunner.query(`
      UPDATE tags t SET article_count = c.n
      FROM (SELECT tag_id, count(*) AS n FROM article_tags GROUP BY tag_id) c WHERE c.tag_id = t.id
    `);
    await queryRunner.query(
      `CREATE INDEX tags_popularity_idx ON tags (article_count DESC, name) WHERE article_count > 0`,
    );
    await queryRunner.query(
      `ALTER TABLE users ADD COLUMN articles_count integer NOT NULL DEFAULT 0 CHECK (articles_count >= 0)`,
    );
    await queryRunner.query(`
      UPDATE users u SET articles_count = c.n
      FROM (SELECT author_id, count(*) AS n FROM articles GROUP BY author_id) c WHERE c.author_id = u.id
    `);
    await queryRunner.query(`
      CREATE FUNCTION tags_count_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 FROM tags WHERE id IN (SELECT tag_id FROM changed) ORDER BY id FOR NO KEY UPDATE;
        UPDATE tags c SET article_count = c.article_count + d.n
        FROM (SELECT tag_id AS id, count(*) AS n FROM changed GROUP BY tag_id) d WHERE c.id = d.id;
        RETURN NULL;
      END $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER article_tags_tags_count_inserted AFTER INSERT ON article_tags
      REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION tags_count_inserted()
    `);
    await queryRunner.query(`
      CREATE FUNCTION tags_count_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 FROM tags WHERE id IN (SELECT tag_id FROM changed) ORDER BY id FOR NO KEY UPDATE;
        UPDATE tags c SET article_count = c.article_count - d.n
        FROM (SELECT tag_id AS id, count(*) AS n FROM changed GROUP BY tag_id) d WHERE c.id = d.id;
        RETURN NULL;
      END $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER article_tags_tags_count_deleted AFTER DELETE ON article_tags
      REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION tags_count_deleted()
    `);
    await queryRunner.query(`
      CREATE FUNCTION tags_count_reset() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE tags SET article_count = 0 WHERE article_count <> 0;
        RETURN NULL;
      END $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER article_tags_tags_count_truncated AFTER TRUNCATE ON article_tags
      FOR EACH STATEMENT EXECUTE FUNCTION tags_count_reset()
    `);
    await queryRunner.query(`
      CREATE FUNCTION users_count_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 FROM users WHERE id IN (SELECT author_id FROM changed) ORDER BY id FOR NO KEY UPDATE;
        UPDATE users c SET articles_count = c.articles_count + d.n
        FROM (SELECT author_id AS id, count(*) AS n FROM changed GROUP BY author_id) d WHERE c.id = d.id;
        RETURN NULL;
      END $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER articles_users_count_inserted AFTER INSERT ON articles
      REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION users_count_inserted()
    `);
    await queryRunner.query(`
      CREATE FUNCTION users_count_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 FROM users WHERE id IN (SELECT author_id FROM changed) ORDER BY id FOR NO KEY UPDATE;
        UPDATE users c SET articles_count = c.articles_count - d.n
        FROM (SELECT author_id AS id, count(*) AS n FROM changed GROUP BY author_id) d WHERE c.id = d.id;
        RETURN NULL;
      END $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER articles_users_count_deleted AFTER DELETE ON articles
      REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION users_count_deleted()
    `);
    await queryRunner.query(`
      CREATE FUNCTION users_count_reset() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE users SET articles_count = 0 WHERE articles_count <> 0;
        RETURN NULL;
      END $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER articles_users_count_truncated AFTER TRUNCATE ON articles
      FOR EACH STATEMENT EXECUTE FUNCTION users_count_reset()
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER article_tags_tags_count_inserted ON article_tags`);
    await queryRunner.query(`DROP TRIGGER article_tags_tags_count_deleted ON article_tags`);
    await queryRunner.query(`DROP TRIGGER article_tags_tags_count_truncated ON article_tags`);
    await queryRunner.query(`DROP FUNCTION tags_count_inserted()`);
    await queryRunner.query(`DROP FUNCTION tags_count_deleted()`);
    await queryRunner.query(`DROP FUNCTION tags_count_reset()`);
    await queryRunner.query(`DROP TRIGGER articles_users_count_inserted ON articles`);
    await queryRunner.query(`DROP TRIGGER articles_users_count_deleted ON articles`);
    await queryRunner.query(`DROP TRIGGER articles_users_count_truncated ON articles`);
    await queryRunner.query(`DROP FUNCTION users_count_inserted()`);
    await queryRunner.query(`DROP FUNCTION users_count_deleted()`);
    await queryRunner.query(`DROP FUNCTION users_count_reset()`);
    await queryRunner.query(`ALTER TABLE users DROP COLUMN articles_count`);
    await queryRunner.query(`DROP INDEX tags_popularity_idx`);
    await queryRunner.query(`ALTER TABLE tags DROP COLUMN article_count`);
  }
}
