import { DataSource } from 'typeorm';
import { databaseSettings } from '../src/config/database.config';
import { validateEnvironment } from '../src/config/validate-environment';
import { dataSourceOptions } from '../src/infrastructure/database/data-source-options';
import { urlOfDatabase } from '../src/infrastructure/database/database-admin';
import { createMigratedDatabase, dropDatabase, uniqueDatabaseName } from './support/test-database';

function connect(url: string, extra: Record<string, string> = {}): DataSource {
  return new DataSource(
    dataSourceOptions(databaseSettings(validateEnvironment({ DATABASE_URL: url, ...extra }))),
  );
}

describe('migrations', () => {
  const adminUrl = urlOfDatabase(process.env.DATABASE_URL ?? '', 'postgres');
  const name = uniqueDatabaseName('migrations');
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = connect(await createMigratedDatabase(adminUrl, name));
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await dropDatabase(adminUrl, name);
  });

  it('leaves nothing pending on a fresh database', async () => {
    expect(dataSource.migrations.length).toBeGreaterThan(0);
    expect(await dataSource.showMigrations()).toBe(false);
  });

  it('reverts every migration and applies them again', async () => {
    for (let i = 0; i < dataSource.migrations.length; i++) await dataSource.undoLastMigration();
    const left = await dataSource.query<{ count: string }[]>(
      `SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`,
    );
    expect(Number(left[0].count)).toBe(0);
    const applied = await dataSource.runMigrations();
    expect(applied).toHaveLength(dataSource.migrations.length);
  });

  it('gives the pool its statement timeout', async () => {
    const strict = connect(urlOfDatabase(adminUrl, name), { DB_STATEMENT_TIMEOUT_MS: '150' });
    await strict.initialize();
    try {
      const [{ statement_timeout }] =
        await strict.query<{ statement_timeout: string }[]>('SHOW statement_timeout');
      expect(statement_timeout).toBe('150ms');
      await expect(strict.query('SELECT pg_sleep(2)')).rejects.toThrow(/statement timeout/);
    } finally {
      await strict.destroy();
    }
  });
});
