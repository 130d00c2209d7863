import { DataSource } from 'typeorm';
import { databaseSettings } from '../src/config/database.config';
import { validateEnvironment } from '../src/config/validate-environment';
import { dataSourceOptions } from '../src/infrastructure/database/data-source-options';
import { urlOfDatabase } from '../src/infrastructure/database/database-admin';
import { SqlClient } from '../src/infrastructure/database/sql-client';
import {
  ArticlesRepository,
  type ArticleFilter,
  type Page,
} from '../src/modules/articles/articles.repository';
import { recordQueries, dataQueries } from './support/query-counter';
import { seed } from './support/seed';
import { createMigratedDatabase, dropDatabase, uniqueDatabaseName } from './support/test-database';

/** A plan node of EXPLAIN ANALYZE. */
interface AnalyzedNode {
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  Plans?: AnalyzedNode[];
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

/** Tables that grow with use: reading one of them whole is a bug at scale. */
const MUST_NOT_SCAN = new Set(['articles', 'favorites', 'follows']);

function sequentialScans(node: PlanNode): string[] {
  const own =
    node['Node Type'] === 'Seq Scan' && node['Relation Name'] ? [node['Relation Name']] : [];
  return [...own, ...(node.Plans ?? []).flatMap(sequentialScans)];
}

/** Rows the plan's scans of articles read (EXPLAIN ANALYZE's actual rows, not a timing). */
function articleRowsRead(node: AnalyzedNode): number {
  const own =
    node['Relation Name'] === 'articles'
      ? (node['Actual Rows'] ?? 0) * (node['Actual Loops'] ?? 1)
      : 0;
  return own + (node.Plans ?? []).reduce((sum, child) => sum + articleRowsRead(child), 0);
}

const ARTICLES = 100_000;

describe('query plans on 100k articles', () => {
  const adminUrl = urlOfDatabase(process.env.DATABASE_URL ?? '', 'postgres');
  const name = uniqueDatabaseName('plans');
  let dataSource: DataSource;
  let articles: ArticlesRepository;

  beforeAll(async () => {
    const url = await createMigratedDatabase(adminUrl, name);
    dataSource = new DataSource(
      dataSourceOptions(
        databaseSettings(validateEnvironment({ DATABASE_URL: url, DB_STATEMENT_TIMEOUT_MS: '0' })),
      ),
    );
    await dataSource.initialize();
    await seed(dataSource, {
      users: 2_000,
      articles: ARTICLES,
      tags: 300,
      tagsPerArticle: 3,
      favoritesPerUser: 50,
      followsPerUser: 20,
    });
    articles = new ArticlesRepository(dataSource, new SqlClient(dataSource));
  }, 300_000);

  afterAll(async () => {
    await dataSource.destroy();
    await dropDatabase(adminUrl, name);
  });

  it('keeps the total number of articles exact through inserts and deletes', async () => {
    const total = async (): Promise<number> =>
      (
        await dataSource.query<{ total: number }[]>(
          `SELECT total::int AS total FROM article_totals`,
        )
      )[0].total;
    expect(await total()).toBe(ARTICLES);
    await dataSource.query(
      `DELETE FROM articles WHERE slug IN ('article-1', 'article-2', 'article-3')`,
    );
    expect(await total()).toBe(ARTICLES - 3);
    await dataSource.query(
      `INSERT INTO articles (slug, title, description, body, author_id)
       SELECT 'again-' || n, 't', 'd', 'b', (SELECT min(id) FROM users) FROM generate_series(1, 3) n`,
    );
    expect(await total()).toBe(ARTICLES);
    expect((await articles.list({}, { limit: 1, offset: 0 })).count).toBe(ARTICLES);
  });

  it('seeded what the plans are judged on', async () => {
    const [counts] = await dataSource.query<
      { articles: number; favorites: number; follows: number }[]
    >(
      `SELECT (SELECT count(*)::int FROM articles) AS articles, (SELECT count(*)::int FROM favorites) AS favorites,
              (SELECT count(*)::int FROM follows) AS follows`,
    );
    expect(counts.articles).toBe(ARTICLES);
    expect(counts.favorites).toBeGreaterThan(50_000);
    expect(counts.follows).toBeGreaterThan(20_000);
  });

  /** The page query of each list, exactly as the repository sends it, must use indexes. */
  it.each<[string, ArticleFilter]>([
    ['list', {}],
    ['by tag', { tag: 'tag7' }],
    ['by author', { authorUsername: 'user42' }],
    ['by favorited', { favoritedByUsername: 'user42' }],
    ['feed', { followedBy: 42 }],
    ['tag and author', { tag: 'tag7', authorUsername: 'user42' }],
  ])('%s: no sequential scan of articles, favorites or follows', async (_, filter) => {
    const log = recordQueries(dataSource);
    const page = await articles.list(filter, { limit: 20, offset: 40 });
    log.stop();
    const statements = dataQueries(log);
    expect(statements.length).toBe(2);
    expect(page.rows.length).toBeLessThanOrEqual(20);
    for (const { sql, parameters } of statements) {
      const [{ 'QUERY PLAN': plan }] = await dataSource.query<
        { 'QUERY PLAN': { Plan: PlanNode }[] }[]
      >(`EXPLAIN (FORMAT JSON) ${sql}`, parameters);
      const scanned = sequentialScans(plan[0].Plan).filter((table) => MUST_NOT_SCAN.has(table));
      expect({ sql: sql.replace(/\s+/g, ' ').trim(), scanned }).toEqual({
        sql: sql.replace(/\s+/g, ' ').trim(),
        scanned: [],
      });
    }
  });

  async function pageQueryRowsRead(page: Page): Promise<number> {
    const log = recordQueries(dataSource);
    await articles.list({}, page);
    log.stop();
    const pageQuery = dataQueries(log).find(({ sql }) => sql.includes('WITH page'));
    if (pageQuery === undefined) throw new Error('no page query recorded');
    const [{ 'QUERY PLAN': plan }] = await dataSource.query<
      { 'QUERY PLAN': { Plan: AnalyzedNode }[] }[]
    >(`EXPLAIN (ANALYZE, FORMAT JSON) ${pageQuery.sql}`, pageQuery.parameters);
    return articleRowsRead(plan[0].Plan);
  }

  it('reads only the page after a cursor, however deep; an offset reads every row it skips', async () => {
    const [deep] = await dataSource.query<{ created_at: Date; id: number }[]>(
      'SELECT created_at, id FROM articles ORDER BY created_at DESC, id DESC OFFSET 50000 LIMIT 1',
    );
    const after = { createdAt: deep.created_at.toISOString(), id: deep.id };
    const byCursor = await pageQueryRowsRead({ limit: 20, offset: 0, after });
    const firstPage = await pageQueryRowsRead({ limit: 20, offset: 0 });
    const byOffset = await pageQueryRowsRead({ limit: 20, offset: 5_000 });
    // The 21 ids of the page (one more says whether a next page exists), then the page's rows.
    expect(byCursor).toBe(firstPage);
    expect(byCursor).toBeLessThanOrEqual(2 * 21);
    expect(byOffset).toBeGreaterThan(5_000);
  });

  it('the single-article read uses the slug index', async () => {
    const log = recordQueries(dataSource);
    expect(await articles.findBySlug('article-500')).not.toBeNull();
    log.stop();
    const [{ sql, parameters }] = dataQueries(log);
    const [{ 'QUERY PLAN': plan }] = await dataSource.query<
      { 'QUERY PLAN': { Plan: PlanNode }[] }[]
    >(`EXPLAIN (FORMAT JSON) ${sql}`, parameters);
    expect(sequentialScans(plan[0].Plan).filter((table) => MUST_NOT_SCAN.has(table))).toEqual([]);
  });
});
