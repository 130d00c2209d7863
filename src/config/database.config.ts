import { registerAs, type ConfigType } from '@nestjs/config';
import type { Environment } from './environment';
import { validateEnvironment } from './validate-environment';

export interface DatabaseSettings {
  url: string;
  poolMax: number;
  poolIdleMs: number;
  connectTimeoutMs: number;
  statementTimeoutMs: number;
  /** Behind a transaction-pooling proxy: no session settings at connect. */
  transactionPooling: boolean;
}

/** The database part of a validated environment; also used by the migration CLI. */
export function databaseSettings(env: Environment): DatabaseSettings {
  if (env.DATABASE_URL === undefined) {
    // The entry points start an embedded PostgreSQL and set DATABASE_URL before this runs.
    throw new Error(
      'DATABASE_URL is not set: set it to a PostgreSQL URL (postgres://user:password@host:5432/database)',
    );
  }
  return {
    url: env.DATABASE_URL,
    poolMax: env.DB_POOL_MAX,
    poolIdleMs: env.DB_POOL_IDLE_MS,
    connectTimeoutMs: env.DB_CONNECT_TIMEOUT_MS,
    statementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS,
    transactionPooling: env.DB_TRANSACTION_POOLING === 'true',
  };
}

export const databaseConfig = registerAs('database', () =>
  databaseSettings(validateEnvironment(process.env)),
);

export type DatabaseConfig = ConfigType<typeof databaseConfig>;
