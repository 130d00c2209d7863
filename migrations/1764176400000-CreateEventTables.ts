import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Durable domain events.
 * - outbox_events: written in the same transaction as the state change; the relay publishes
 *   rows in `position` order and stamps published_at. The partial index keeps "what is left
 *   to publish" cheap however many published rows are kept. attempts, last_error, dead_at
 *   and available_at are used only by the in-process mode (no Redis), where the outbox row is
 *   also the retry state.
 * - processed_events: one row per (consumer, event), written in the same transaction as the
 *   consumer's own effect, which makes redelivery harmless.
 * - analytics_daily_counters: the analytics consumer's own table.
 */
export class CreateEventTables1764176400000 implements MigrationInterface {
  name = 'CreateEventTables1764176400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE outbox_events (
        position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id uuid NOT NULL UNIQUE,
        type text NOT NULL,
        payload jsonb NOT NULL,
        occurred_at timestamptz NOT NULL,
        request_id text,
        trace_context jsonb NOT NULL DEFAULT '{}',
        published_at timestamptz,
        available_at timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        dead_at timestamptz
      )
    `);
    await queryRunner.query(`
      CREATE INDEX outbox_events_unpublished ON outbox_events (position)
      WHERE published_at IS NULL AND dead_at IS NULL
    `);
    await queryRunner.query(
      `CREATE INDEX outbox_events_published_at ON outbox_events (published_at) WHERE published_at IS NOT NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE processed_events (
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )
    `);
    await queryRunner.query(`
      CREATE TABLE analytics_daily_counters (
        day date NOT NULL,
        metric text NOT NULL,
        count bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (day, metric)
      )
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE analytics_daily_counters`);
    await queryRunner.query(`DROP TABLE processed_events`);
    await queryRunner.query(`DROP TABLE outbox_events`);
  }
}
