import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Follows, articles, tags, favorites and comments. Every WHERE, JOIN and ORDER BY of the
 * repositories has an index here; deletes cascade as the API's deletes need (an article takes
 * its comments, favorites and tag links with it; a user takes everything they made).
 */
export class CreateConduitSchema1764169200000 implements MigrationInterface {
  name = 'CreateConduitSchema1764169200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE follows (
        follower_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        followed_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (follower_id, followed_id)
      )
    `);
    // The primary key serves "whom does X follow" (feed, following flags); this serves the cascade.
    await queryRunner.query(`CREATE INDEX follows_followed_id_idx ON follows (followed_id)`);

    await queryRunner.query(`
      CREATE TABLE articles (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        slug varchar(255) NOT NULL,
        title varchar(255) NOT NULL,
        description varchar(1000) NOT NULL,
        body text NOT NULL,
        author_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        favorites_count integer NOT NULL DEFAULT 0 CHECK (favorites_count >= 0),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT articles_slug_key UNIQUE (slug)
      )
    `);
    // Newest first, with id breaking ties so pages never overlap.
    await queryRunner.query(
      `CREATE INDEX articles_created_at_idx ON articles (created_at DESC, id DESC)`,
    );
    // By author and the feed (author_id IN followed), newest first.
    await queryRunner.query(
      `CREATE INDEX articles_author_id_created_at_idx ON articles (author_id, created_at DESC, id DESC)`,
    );

    await queryRunner.query(`
      CREATE TABLE tags (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        name varchar(64) NOT NULL,
        CONSTRAINT tags_name_key UNIQUE (name)
      )
    `);
    await queryRunner.query(`
      CREATE TABLE article_tags (
        article_id integer NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        tag_id integer NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
        PRIMARY KEY (article_id, tag_id)
      )
    `);
    // Articles by tag, and the tag list's counts.
    await queryRunner.query(
      `CREATE INDEX article_tags_tag_id_idx ON article_tags (tag_id, article_id)`,
    );

    await queryRunner.query(`
      CREATE TABLE favorites (
        user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        article_id integer NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, article_id)
      )
    `);
    // The primary key serves "what did X favorite"; this serves the article's cascade.
    await queryRunner.query(`CREATE INDEX favorites_article_id_idx ON favorites (article_id)`);

    await queryRunner.query(`
      CREATE TABLE comments (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        article_id integer NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        author_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        body text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )
    `);
    await queryRunner.query(
      `CREATE INDEX comments_article_id_created_at_idx ON comments (article_id, created_at, id)`,
    );
    await queryRunner.query(`CREATE INDEX comments_author_id_idx ON comments (author_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE comments`);
    await queryRunner.query(`DROP TABLE favorites`);
    await queryRunner.query(`DROP TABLE article_tags`);
    await queryRunner.query(`DROP TABLE tags`);
    await queryRunner.query(`DROP TABLE articles`);
    await queryRunner.query(`DROP TABLE follows`);
  }
}
