import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { databaseSettings, type DatabaseSettings } from '../src/config/database.config';
import { validateEnvironment } from '../src/config/validate-environment';
import { dataSourceOptions } from '../src/infrastructure/database/data-source-options';
import { StatementTimeoutCheck } from '../src/infrastructure/database/statement-timeout-check';
import { TransactionRunner } from '../src/infrastructure/database/transaction-runner';

/** Settings as a pool behind a transaction pooler gets them, at `url`. */
function poolingSettings(url: string): DatabaseSettings {
  return databaseSettings(
    validateEnvironment({
      DATABASE_URL: url,
      DB_TRANSACTION_POOLING: 'true',
      DB_STATEMENT_TIMEOUT_MS: '150',
      DB_POOL_MAX: '1',
    }),
  );
}

async function connected(settings: DatabaseSettings): Promise<DataSource> {
  const dataSource = new DataSource(dataSourceOptions(settings));
  return dataSource.initialize();
}

async function serverDefault(dataSource: DataSource): Promise<string> {
  const [row] = await dataSource.query<{ statement_timeout: string }[]>('SHOW statement_timeout');
  return row.statement_timeout;
}

// PgBouncer in transaction mode is exercised by `npm run drill` (scenario 7); this pins what
// the app sends and sets, over a direct connection, where it can be read back.
describe('statement timeout with DB_TRANSACTION_POOLING=true (no session state)', () => {
  const url = process.env.DATABASE_URL ?? '';
  const role = `conduit_pooling_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  let admin: DataSource;

  beforeAll(async () => {
    admin = await connected(databaseSettings(validateEnvironment({ DATABASE_URL: url })));
    // With a password: the embedded PostgreSQL of a newcomer's run asks for one over TCP.
    await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
  });
  afterAll(async () => {
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.destroy();
  });

  it('sends no statement_timeout at connect, yet cuts a slow statement inside a transaction', async () => {
    const settings = poolingSettings(url);
    const dataSource = await connected(settings);
    try {
      // The server's own default: nothing of ours arrived as a startup parameter.
      expect(await serverDefault(dataSource)).toBe('0');
      const transactions = new TransactionRunner(dataSource, settings);
      await expect(transactions.run((em) => em.query('SELECT pg_sleep(2)'))).rejects.toThrow(
        /statement timeout/,
      );
      // SET LOCAL ended with the transaction: the (only) connection carries nothing on.
      expect(await serverDefault(dataSource)).toBe('0');
      await expect(
        transactions.run((em) => em.query<{ one: number }[]>('SELECT 1 AS one')),
      ).resolves.toEqual([{ one: 1 }]);
    } finally {
      await dataSource.destroy();
    }
  });

  it('says at boot how to set the timeout for statements outside transactions, and is quiet once the role has it', async () => {
    const roleUrl = new URL(url);
    roleUrl.username = role;
    roleUrl.password = password;
    const settings = poolingSettings(roleUrl.toString());
    const check = async (): Promise<string | undefined> => {
      const dataSource = await connected(settings);
      try {
        return await new StatementTimeoutCheck(dataSource, settings).problem();
      } finally {
        await dataSource.destroy();
      }
    };

    expect(await check()).toContain(`ALTER ROLE "${role}" SET statement_timeout = '150ms'`);

    await admin.query(`ALTER ROLE ${role} SET statement_timeout = '150ms'`);
    expect(await check()).toBeUndefined();
    const dataSource = await connected(settings);
    try {
      // Outside a transaction, the role's default now cuts it.
      await expect(dataSource.query('SELECT pg_sleep(2)')).rejects.toThrow(/statement timeout/);
    } finally {
      await dataSource.destroy();
    }
  });

  it('is quiet on a direct connection, where the pool sends the timeout itself', async () => {
    const settings = databaseSettings(
      validateEnvironment({ DATABASE_URL: url, DB_STATEMENT_TIMEOUT_MS: '150' }),
    );
    const dataSource = await connected(settings);
    try {
      expect(await serverDefault(dataSource)).toBe('150ms');
      expect(await new StatementTimeoutCheck(dataSource, settings).problem()).toBeUndefined();
    } finally {
      await dataSource.destroy();
    }
  });
});
