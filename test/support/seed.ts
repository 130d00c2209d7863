import type { DataSource } from 'typeorm';

export interface SeedSize {
  users: number;
  articles: number;
  tags: number;
  tagsPerArticle: number;
  favoritesPerUser: number;
  followsPerUser: number;
}

/**
 * Fills an empty, migrated database (ids are computed from the first id of each table, so
 * every reference exists) in a few set-based statements (generate_series), fast
 * enough for 100k articles in a test. Names are predictable: user<n>, tag<n>, article-<n>.
 */
export async function seed(dataSource: DataSource, size: SeedSize): Promise<void> {
  await dataSource.query(
    `INSERT INTO users (email, username, password_hash)
     SELECT 'user' || n || '@example.com', 'user' || n, 'not-a-real-hash' FROM generate_series(1, $1) n`,
    [size.users],
  );
  await dataSource.query(
    `INSERT INTO articles (slug, title, description, body, author_id, created_at, updated_at)
     SELECT 'article-' || n, 'Article ' || n, 'About ' || n, repeat('Body text. ', 50),
            (SELECT min(id) FROM users) + (n * 7919) % $2,
            now() - make_interval(secs => n), now() - make_interval(secs => n)
     FROM generate_series(1, $1) n`,
    [size.articles, size.users],
  );
  await dataSource.query(
    `INSERT INTO tags (name) SELECT 'tag' || n FROM generate_series(1, $1) n`,
    [size.tags],
  );
  await dataSource.query(
    `INSERT INTO article_tags (article_id, tag_id)
     SELECT a.id, first_tag.id + (a.id * 31 + k * 17) % $1
     FROM articles a CROSS JOIN generate_series(0, $2 - 1) k CROSS JOIN (SELECT min(id) AS id FROM tags) first_tag
     ON CONFLICT DO NOTHING`,
    [size.tags, size.tagsPerArticle],
  );
  await dataSource.query(
    `INSERT INTO favorites (user_id, article_id)
     SELECT u.id, first_article.id + (u.id * 104729 + k * 7907) % $2
     FROM users u CROSS JOIN generate_series(1, $1) k CROSS JOIN (SELECT min(id) AS id FROM articles) first_article
     ON CONFLICT DO NOTHING`,
    [size.favoritesPerUser, size.articles],
  );
  await dataSource.query(
    `UPDATE articles a SET favorites_count = f.count
     FROM (SELECT article_id, count(*) AS count FROM favorites GROUP BY article_id) f WHERE f.article_id = a.id`,
  );
  await dataSource.query(
    `INSERT INTO follows (follower_id, followed_id)
     SELECT u.id, first_user.id + (u.id * 13 + k * 101) % $2
     FROM users u CROSS JOIN generate_series(1, $1) k CROSS JOIN (SELECT min(id) AS id FROM users) first_user
     WHERE first_user.id + (u.id * 13 + k * 101) % $2 <> u.id
     ON CONFLICT DO NOTHING`,
    [size.followsPerUser, size.users],
  );
  await dataSource.query('ANALYZE');
}
