import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RequestContext } from '../../src/common/request-context/request-context';

export interface RecordedQuery {
  sql: string;
  parameters: unknown[];
}

export interface QueryLog {
  /** Every SQL statement sent since the counter started, with its parameters. */
  readonly queries: RecordedQuery[];
  stop(): void;
}

/**
 * Records the statements a DataSource sends, through TypeORM's logger hook (called for every
 * query whatever the logging setting), when `belongs` says so. The statements still run unchanged.
 */
export function recordQueries(
  dataSource: DataSource,
  belongs: () => boolean = () => true,
): QueryLog {
  const queries: RecordedQuery[] = [];
  const spy = jest.spyOn(dataSource.logger, 'logQuery').mockImplementation((sql, parameters) => {
    if (belongs()) queries.push({ sql, parameters: Array.isArray(parameters) ? parameters : [] });
  });
  return { queries, stop: () => spy.mockRestore() };
}

/**
 * Records only the statements sent while serving the request whose X-Request-Id is
 * `requestId`: the request context carries that id, so background work of the
 * app under test (an event relay polling the outbox, a metrics refresh) is not counted.
 */
export function recordRequestQueries(app: INestApplication, requestId: string): QueryLog {
  const context = app.get(RequestContext);
  return recordQueries(app.get(DataSource), () => context.requestId === requestId);
}

/** Statements that touch data (leaves out transaction control). */
export function dataQueries(log: QueryLog): RecordedQuery[] {
  return log.queries.filter(
    ({ sql }) => !/^\s*(START TRANSACTION|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)/i.test(sql),
  );
}
