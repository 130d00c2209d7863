import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { databaseConfig, type DatabaseConfig } from '../../config/database.config';
import { httpConfig, type HttpConfig } from '../../config/http.config';
import { dataSourceOptions } from './data-source-options';
import { SqlClient } from './sql-client';
import { StatementTimeoutCheck } from './statement-timeout-check';
import { TransactionRunner } from './transaction-runner';

/**
 * The application's DataSource. @nestjs/typeorm destroys it in onApplicationShutdown,
 * which Nest calls after the HTTP server has stopped accepting and drained, so
 * in-flight requests keep their connections to the end.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [databaseConfig.KEY, httpConfig.KEY],
      useFactory: (database: DatabaseConfig, http: HttpConfig) => ({
        ...dataSourceOptions(database),
        autoLoadEntities: true,
        // `npm start` brings a developer's database up to date; elsewhere migrations are
        // their own step (npm run migration:run:prod, a Kubernetes Job), never raced by replicas.
        migrationsRun: http.nodeEnv === 'development',
      }),
    }),
  ],
  providers: [TransactionRunner, SqlClient, StatementTimeoutCheck],
  exports: [TransactionRunner, SqlClient],
})
export class DatabaseModule {}
