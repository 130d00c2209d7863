import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseSettings } from '../../config/database.config';

// Compiled, this file sits in dist/infrastructure/database and the migrations in dist/migrations;
// run by ts-node or jest it sits in src/infrastructure/database and they sit in ./migrations.
const runningCompiled = __filename.endsWith('.js');
const MIGRATIONS = runningCompiled
  ? join(__dirname, '..', '..', 'migrations', '*.js')
  : join(__dirname, '..', '..', '..', 'migrations', '*.ts');
const ENTITIES = join(
  __dirname,
  '..',
  '..',
  'modules',
  '**',
  `*.entity.${runningCompiled ? 'js' : 'ts'}`,
);

/**
 * The one DataSource definition, shared by the Nest app (database.module.ts) and the
 * migration CLI (data-source.ts). The pool settings are passed straight through to pg.Pool.
 */
export function dataSourceOptions(settings: DatabaseSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    entities: [ENTITIES],
    migrations: [MIGRATIONS],
    migrationsTableName: 'migrations',
    // The schema changes only through migrations in migrations/.
    synchronize: false,
    // Not 'error': TypeORM would print a failed statement with its parameters (password hashes,
    // emails). Failures are thrown instead, and the error filter logs them without parameters.
    logging: ['warn', 'migration'],
    extra: {
      max: settings.poolMax,
      idleTimeoutMillis: settings.poolIdleMs,
      connectionTimeoutMillis: settings.connectTimeoutMs,
      // Sent as a startup parameter, so the server cancels any statement that runs longer. A
      // transaction pooler refuses it ("unsupported startup parameter"): TransactionRunner sets
      // it per transaction there instead. application_name is one PgBouncer passes on.
      ...(settings.transactionPooling ? {} : { statement_timeout: settings.statementTimeoutMs }),
      application_name: 'conduit-api',
    },
  };
}
