import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { databaseConfig, type DatabaseConfig } from '../../config/database.config';

/** Settings of a pool connected straight to PostgreSQL, for code that builds a runner itself. */
export const DIRECT_CONNECTION = { transactionPooling: false, statementTimeoutMs: 0 } as const;

/** Services own transaction boundaries; repositories run their queries on the manager given. */
@Injectable()
export class TransactionRunner {
  /** The statement timeout set at the start of each transaction, where the pool cannot send it. */
  private readonly localTimeout: string | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(databaseConfig.KEY)
    database: Pick<DatabaseConfig, 'transactionPooling' | 'statementTimeoutMs'>,
  ) {
    this.localTimeout =
      database.transactionPooling && database.statementTimeoutMs > 0
        ? `${database.statementTimeoutMs}ms`
        : undefined;
  }

  run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const timeout = this.localTimeout;
    if (timeout === undefined) return this.dataSource.transaction(work);
    return this.dataSource.transaction(async (em) => {
      // SET LOCAL: it ends with the transaction, so the server connection a transaction
      // pooler hands to the next client carries nothing of ours.
      await em.query(`SELECT set_config('statement_timeout', $1, true)`, [timeout]);
      return work(em);
    });
  }
}
