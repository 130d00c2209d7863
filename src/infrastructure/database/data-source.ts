import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { databaseSettings } from '../../config/database.config';
import { validateEnvironment } from '../../config/validate-environment';
import { dataSourceOptions } from './data-source-options';

/** The DataSource the TypeORM CLI loads (`npm run migration:*`). Needs DATABASE_URL. */
export default new DataSource(
  dataSourceOptions(databaseSettings(validateEnvironment(process.env))),
);
