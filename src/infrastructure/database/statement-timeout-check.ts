import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { databaseConfig, type DatabaseConfig } from '../../config/database.config';
import { roleTimeoutAdvice } from './role-timeout-advice';

interface SessionDefaults {
  role: string;
  timeoutMs: number;
}

/**
 * Behind a transaction pooler, statements outside a transaction (the hot reads) run with the
 * server's default statement_timeout, which only the role or the database can set. Says so at
 * boot, with the command that fixes it, when that default would let a statement run longer than
 * DB_STATEMENT_TIMEOUT_MS.
 */
@Injectable()
export class StatementTimeoutCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger('Database');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(databaseConfig.KEY) private readonly database: DatabaseConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const problem = await this.problem();
    if (problem !== undefined) this.logger.warn(problem);
  }

  /** What is wrong with the server's default, or undefined when it cuts in time. */
  async problem(): Promise<string | undefined> {
    const wanted = this.database.statementTimeoutMs;
    if (!this.database.transactionPooling || wanted === 0) return undefined;
    const { role, timeoutMs } = await this.sessionDefaults();
    if (timeoutMs > 0 && timeoutMs <= wanted) return undefined;
    return (
      `DB_TRANSACTION_POOLING=true: statements outside a transaction run with the server's ` +
      `statement_timeout of ${timeoutMs}ms, not DB_STATEMENT_TIMEOUT_MS=${wanted}. Set it for the ` +
      `role: ${roleTimeoutAdvice(role, wanted)} (new server connections take it; README, ` +
      `"PostgreSQL through PgBouncer")`
    );
  }

  private async sessionDefaults(): Promise<SessionDefaults> {
    // pg_settings holds it in milliseconds, without the unit SHOW adds.
    const [row] = await this.dataSource.query<{ role: string; timeout_ms: string }[]>(
      `SELECT current_user AS role,
              (SELECT setting FROM pg_settings WHERE name = 'statement_timeout') AS timeout_ms`,
    );
    return { role: row.role, timeoutMs: Number(row.timeout_ms) };
  }
}
