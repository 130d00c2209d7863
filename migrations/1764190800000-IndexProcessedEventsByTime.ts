import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * processed_events is pruned by age (ProcessedEventsCleanup deletes the oldest rows in batches):
 * without an index on processed_at each batch would scan the table. processed_at exists since
 * CreateEventTables. On a large table the build blocks inserts (consumers wait) for its duration:
 * there, create the same index CONCURRENTLY by hand first, and this migration finds it.
 */
export class IndexProcessedEventsByTime1764190800000 implements MigrationInterface {
  name = 'IndexProcessedEventsByTime1764190800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS processed_events_processed_at ON processed_events (processed_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX processed_events_processed_at`);
  }
}
