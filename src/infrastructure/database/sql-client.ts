import { Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';

/** The pg.Pool behind TypeORM's postgres driver (typed `any` there, hence the check). */
export function poolOf(dataSource: DataSource): Pool | undefined {
  const pool: unknown = Reflect.get(dataSource.driver, 'master');
  return pool instanceof Pool ? pool : undefined;
}

/**
 * Reads outside a transaction, sent straight to the DataSource's own pg pool: TypeORM's
 * `query()` takes and releases a query runner around every statement, which the hot reads
 * (every list, every article) pay for nothing. Same pool, same connections, same statement
 * timeout; TypeORM's logger still sees each statement, as it does its own.
 */
@Injectable()
export class SqlClient {
  constructor(private readonly dataSource: DataSource) {}

  async rows<T>(sql: string, parameters: readonly unknown[]): Promise<T[]> {
    const pool = poolOf(this.dataSource);
    if (pool === undefined) return this.dataSource.query<T[]>(sql, [...parameters]);
    this.dataSource.logger.logQuery(sql, [...parameters]);
    const result = await pool.query(sql, [...parameters]);
    // pg types rows loosely; each repository states the shape its SQL selects.
    // oxlint-disable-next-line typescript/no-unsafe-type-assertion
    return result.rows as T[];
  }
}
