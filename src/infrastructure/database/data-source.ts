import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { databaseSettings } from '../../config/database.config';
import { validateEnvironment } from '../../config/validate-environment';
import { dataSourceOptions } from './data-source-options';

/**
 * The DataSource the TypeORM CLI loads (`npm run migration:*`, `migration:run:prod`). It reads
 * only the database variables, so a migration Job needs DATABASE_URL and nothing of the API's
 * (no JWT_SECRET, no REDIS_URL).
 */
const DATABASE_VARIABLES = [
  'DATABASE_URL',
  'DB_POOL_MAX',
  'DB_POOL_IDLE_MS',
  'DB_CONNECT_TIMEOUT_MS',
  'DB_STATEMENT_TIMEOUT_MS',
  'DB_TRANSACTION_POOLING',
];

const databaseEnvironment = Object.fromEntries(
  DATABASE_VARIABLES.map((name) => [name, process.env[name]]),
);

export default new DataSource(
  dataSourceOptions(databaseSettings(validateEnvironment(databaseEnvironment))),
);
