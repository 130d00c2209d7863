import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource, type EntityMetadata } from 'typeorm';
import { startTestApp } from './support/test-app';

/** A column as the migrated database has it. */
interface TableColumn {
  column_name: string;
  data_type: string;
  character_maximum_length: number | null;
  is_nullable: 'YES' | 'NO';
}

/**
 * Migrations are written by hand (README, "Database and migrations"); entities describe their
 * tables for the code that uses them (UsersRepository reads and writes through UserEntity) and
 * for readers. This holds every registered entity to the migrated schema: the table exists,
 * every entity column exists with its type, length and nullability, the primary key is the
 * same, and the entity leaves out no column of its table.
 */
describe('Entities against the tables the migrations create', () => {
  let app: NestFastifyApplication;
  let dataSource: DataSource;
  beforeAll(async () => {
    app = await startTestApp();
    dataSource = app.get(DataSource);
  });
  afterAll(async () => app.close());

  async function columnsOf(table: string): Promise<Map<string, TableColumn>> {
    const rows: TableColumn[] = await dataSource.query(
      `SELECT column_name, data_type, character_maximum_length, is_nullable
         FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = $1`,
      [table],
    );
    return new Map(rows.map((row) => [row.column_name, row]));
  }

  async function primaryKeyOf(table: string): Promise<string[]> {
    const rows: { column_name: string }[] = await dataSource.query(
      `SELECT a.attname AS column_name
         FROM pg_index i
         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
        WHERE i.indrelid = to_regclass($1) AND i.indisprimary`,
      [table],
    );
    return rows.map((row) => row.column_name).toSorted();
  }

  async function differences(metadata: EntityMetadata): Promise<string[]> {
    const table = metadata.tableName;
    const columns = await columnsOf(table);
    if (columns.size === 0) return [`${metadata.name}: table ${table} does not exist`];
    const found: string[] = [];
    for (const column of metadata.columns) {
      const name = column.databaseName;
      const actual = columns.get(name);
      if (actual === undefined) {
        found.push(`${table}.${name}: in ${metadata.name}, not in the table`);
        continue;
      }
      const type = dataSource.driver.normalizeType(column);
      if (type !== actual.data_type) {
        found.push(`${table}.${name}: entity ${type}, table ${actual.data_type}`);
      }
      const length = column.length === '' ? null : Number(column.length);
      if (actual.data_type === 'character varying' && length !== actual.character_maximum_length) {
        found.push(
          `${table}.${name}: entity length ${length}, table ${actual.character_maximum_length}`,
        );
      }
      if (column.isNullable !== (actual.is_nullable === 'YES')) {
        found.push(
          `${table}.${name}: entity nullable ${column.isNullable}, table ${actual.is_nullable}`,
        );
      }
    }
    const described = new Set(metadata.columns.map((column) => column.databaseName));
    for (const name of columns.keys()) {
      if (!described.has(name))
        found.push(`${table}.${name}: in the table, not in ${metadata.name}`);
    }
    const entityKey = metadata.primaryColumns.map((column) => column.databaseName).toSorted();
    const tableKey = await primaryKeyOf(table);
    if (entityKey.join() !== tableKey.join()) {
      found.push(
        `${table}: entity key (${entityKey.join(', ')}), table key (${tableKey.join(', ')})`,
      );
    }
    return found;
  }

  it('registers an entity for each table the code reads through TypeORM', () => {
    expect(dataSource.entityMetadatas.map((metadata) => metadata.tableName)).toContain('users');
  });

  it('describes every table of an entity exactly: columns, types, lengths, nullability, key', async () => {
    const found: string[] = [];
    for (const metadata of dataSource.entityMetadatas) found.push(...(await differences(metadata)));
    expect(found).toEqual([]);
  });
});
