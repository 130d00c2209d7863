import type { DataSource } from 'typeorm';

export interface QueryLog {
  /** Every SQL statement sent since the counter started, with its parameters. */
  readonly queries: { sql: string; parameters: unknown[] }[];
  stop(): void;
}

/**
 * Records the statements a DataSource sends, through TypeORM's logger hook (called for every
 * query whatever the logging setting). The statements still run unchanged.
 */
export function recordQueries(dataSource: DataSource): QueryLog {
  const queries: { sql: string; parameters: unknown[] }[] = [];
  const spy = jest.spyOn(dataSource.logger, 'logQuery').mockImplementation((sql, parameters) => {
    queries.push({ sql, parameters: Array.isArray(parameters) ? parameters : [] });
  });
  return { queries, stop: () => spy.mockRestore() };
}

/** Statements that touch data (leaves out transaction control). */
export function dataQueries(log: QueryLog): { sql: string; parameters: unknown[] }[] {
  return log.queries.filter(
    ({ sql }) => !/^\s*(START TRANSACTION|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)/i.test(sql),
  );
}
