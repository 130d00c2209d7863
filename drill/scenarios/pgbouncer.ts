import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { databaseSettings } from '../../src/config/database.config';
import { validateEnvironment } from '../../src/config/validate-environment';
import { dataSourceOptions } from '../../src/infrastructure/database/data-source-options';
import { TransactionRunner } from '../../src/infrastructure/database/transaction-runner';
import { runCommand } from '../../bench/processes';
import { PROJECT_ROOT } from '../../bench/provision/paths';
import { STATEMENT_TIMEOUT_MS } from '../drill-database';
import type { Scenario, ScenarioOutcome } from '../scenario';
import type { Topology } from '../topology';

const REALWORLD = join(PROJECT_ROOT, '..', 'shared', 'realworld');

async function rejectsWithin(
  work: () => Promise<unknown>,
): Promise<{ message: string; ms: number }> {
  const started = performance.now();
  try {
    await work();
    return { message: 'completed', ms: performance.now() - started };
  } catch (error) {
    return {
      message: error instanceof Error ? error.message : String(error),
      ms: performance.now() - started,
    };
  }
}

/** A slow statement outside a transaction: the role's default cuts it, through PgBouncer. */
async function checkOutsideTransaction(
  topology: Topology,
  outcome: ScenarioOutcome,
): Promise<void> {
  const client = new Client({ connectionString: topology.sharedEnv.DATABASE_URL });
  await client.connect();
  try {
    const slow = await rejectsWithin(() =>
      client.query(`SELECT pg_sleep(${(STATEMENT_TIMEOUT_MS + 3_000) / 1000})`),
    );
    outcome.figure(
      `outside a transaction: pg_sleep(${(STATEMENT_TIMEOUT_MS + 3_000) / 1000}) ended after ${(slow.ms / 1000).toFixed(1)} s: "${slow.message}"`,
    );
    outcome.expect(
      /statement timeout/.test(slow.message),
      'a slow statement outside a transaction was not cut',
    );
  } finally {
    await client.end();
  }
}

/** A slow statement in a transaction of the app's TransactionRunner: SET LOCAL cuts it, and leaves nothing behind. */
async function checkInsideTransaction(topology: Topology, outcome: ScenarioOutcome): Promise<void> {
  const settings = databaseSettings(
    validateEnvironment({
      ...topology.sharedEnv,
      DB_STATEMENT_TIMEOUT_MS: '300',
      DB_POOL_MAX: '1',
    }),
  );
  const dataSource = await new DataSource(dataSourceOptions(settings)).initialize();
  try {
    const slow = await rejectsWithin(() =>
      new TransactionRunner(dataSource, settings).run((em) => em.query('SELECT pg_sleep(3)')),
    );
    const [after] =
      await dataSource.query<{ statement_timeout: string }[]>('SHOW statement_timeout');
    outcome.figure(
      `in a transaction with DB_STATEMENT_TIMEOUT_MS=300: pg_sleep(3) ended after ${slow.ms.toFixed(0)} ms: "${slow.message}"; afterwards the pooled connection's timeout is ${after.statement_timeout} (the role's)`,
    );
    outcome.expect(
      /statement timeout/.test(slow.message) && slow.ms < 2_000,
      'a slow statement in a transaction was not cut by SET LOCAL',
    );
    outcome.expect(
      after.statement_timeout === `${STATEMENT_TIMEOUT_MS / 1000}s`,
      'the transaction left its timeout on the server connection',
    );
  } finally {
    await dataSource.destroy();
  }
}

async function runSuite(script: string, target: string): Promise<string> {
  const output = await runCommand('bash', [join(REALWORLD, script), target], {
    cwd: PROJECT_ROOT,
    label: script,
    timeoutMs: 600_000,
  }).catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
  return (
    /(\d+) passed, (\d+) failed/.exec(
      output
        .split('\n')
        .filter((line) => /passed, \d+ failed/.test(line))
        .at(-1) ?? '',
    )?.[0] ?? 'no result line'
  );
}

/** 7. No session state: the conformance suites and the statement timeout through PgBouncer. */
export const pgbouncerPooling: Scenario = {
  id: 7,
  title:
    'PgBouncer transaction pooling: both RealWorld suites and the statement timeout through it',
  async run({ topology }, outcome) {
    const bruno = await runSuite('run-bruno.sh', topology.baseUrl);
    const newman = await runSuite('run-newman.sh', `${topology.baseUrl}/api`);
    outcome.figure(`Bruno suite through HAProxy and PgBouncer: ${bruno}`);
    outcome.figure(`Postman collection (newman): ${newman}`);
    outcome.expect(bruno.endsWith(' 0 failed'), `Bruno: ${bruno}`);
    outcome.expect(newman.endsWith(' 0 failed'), `newman: ${newman}`);
    await checkOutsideTransaction(topology, outcome);
    await checkInsideTransaction(topology, outcome);
    const warned = readdirSync(topology.logDir)
      .filter((file) => /^api\d\.log$/.test(file))
      .filter((file) =>
        readFileSync(join(topology.logDir, file), 'utf8').includes(
          'DB_TRANSACTION_POOLING=true: statements outside',
        ),
      );
    outcome.expect(
      warned.length === 0,
      `the API warned at boot that the role's timeout is missing (${warned.join(', ')})`,
    );
  },
};
