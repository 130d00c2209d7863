import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { DomainEvent, EventType, TraceCarrier } from './domain-event';

interface OutboxRecord {
  id: string;
  type: EventType;
  payload: DomainEvent['payload'];
  occurred_at: Date;
  request_id: string | null;
  trace_context: TraceCarrier;
}

export interface OutboxBacklog {
  unpublished: number;
  oldestOccurredAt: Date | null;
  dead: number;
}

const EVENT_COLUMNS = 'id, type, payload, occurred_at, request_id, trace_context';

function toEvent(record: OutboxRecord): DomainEvent {
  return {
    id: record.id,
    type: record.type,
    occurredAt: record.occurred_at.toISOString(),
    payload: record.payload,
    requestId: record.request_id,
    traceContext: record.trace_context,
  };
}

/** Every query on outbox_events. */
@Injectable()
export class OutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(em: EntityManager, event: DomainEvent): Promise<void> {
    await em.query(
      `INSERT INTO outbox_events (id, type, payload, occurred_at, request_id, trace_context)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        event.id,
        event.type,
        JSON.stringify(event.payload),
        event.occurredAt,
        event.requestId,
        JSON.stringify(event.traceContext),
      ],
    );
  }

  /**
   * The oldest unpublished events that are due, locked for this transaction. SKIP LOCKED lets
   * any number of relays run at once: each takes rows no other holds, none waits.
   */
  async lockNextBatch(em: EntityManager, limit: number): Promise<DomainEvent[]> {
    const records = await em.query<OutboxRecord[]>(
      `SELECT ${EVENT_COLUMNS} FROM outbox_events
       WHERE published_at IS NULL AND dead_at IS NULL AND available_at <= now()
       ORDER BY position LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    return records.map(toEvent);
  }

  async markPublished(em: EntityManager, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await em.query(`UPDATE outbox_events SET published_at = now() WHERE id = ANY($1::uuid[])`, [
      ids,
    ]);
  }

  /** In-process mode: count a failed delivery; the row is dead once it reached maxAttempts. */
  async recordFailure(
    em: EntityManager,
    id: string,
    error: string,
    retryInMs: number,
    maxAttempts: number,
  ): Promise<{ attempts: number; dead: boolean }> {
    // UPDATE and DELETE are wrapped in a SELECT: TypeORM returns [rows, count] for them bare.
    const rows = await em.query<{ attempts: number; dead: boolean }[]>(
      `WITH failed AS (
         UPDATE outbox_events
         SET attempts = attempts + 1, last_error = $2,
             available_at = now() + make_interval(secs => $3::double precision / 1000),
             dead_at = CASE WHEN attempts + 1 >= $4 THEN now() END
         WHERE id = $1
         RETURNING attempts, dead_at IS NOT NULL AS dead
       )
       SELECT attempts, dead FROM failed`,
      [id, error.slice(0, 2000), retryInMs, maxAttempts],
    );
    return rows[0] ?? { attempts: 0, dead: false };
  }

  /** In-process mode: the event waits without counting an attempt (e.g. the mail breaker is open). */
  async postpone(em: EntityManager, id: string, delayMs: number): Promise<void> {
    await em.query(
      `UPDATE outbox_events SET available_at = now() + make_interval(secs => $2::double precision / 1000)
       WHERE id = $1`,
      [id, delayMs],
    );
  }

  /** In-process mode's dead letters go back to the queue, with their attempts reset. */
  async replayDead(): Promise<number> {
    const rows = await this.dataSource.query<{ replayed: number }[]>(
      `WITH replayed AS (
         UPDATE outbox_events SET dead_at = NULL, attempts = 0, last_error = NULL, available_at = now()
         WHERE dead_at IS NOT NULL RETURNING 1
       )
       SELECT count(*)::int AS replayed FROM replayed`,
    );
    return rows[0]?.replayed ?? 0;
  }

  async backlog(): Promise<OutboxBacklog> {
    const rows = await this.dataSource.query<
      { unpublished: string; oldest: Date | null; dead: string }[]
    >(
      `SELECT count(*) FILTER (WHERE dead_at IS NULL) AS unpublished,
              min(occurred_at) FILTER (WHERE dead_at IS NULL) AS oldest,
              count(*) FILTER (WHERE dead_at IS NOT NULL) AS dead
       FROM outbox_events WHERE published_at IS NULL`,
    );
    const row = rows[0];
    return {
      unpublished: Number(row?.unpublished ?? 0),
      oldestOccurredAt: row?.oldest ?? null,
      dead: Number(row?.dead ?? 0),
    };
  }

  /**
   * Published rows are kept a while for inspection, then removed: up to `limit` of those
   * published before `cutoff`, oldest first (by the published_at index). Bounded, so that no
   * statement holds many row locks for long however far behind the cleanup is.
   */
  async deletePublishedBefore(cutoff: Date, limit: number): Promise<number> {
    const rows = await this.dataSource.query<{ deleted: number }[]>(
      `WITH doomed AS (
         SELECT id FROM outbox_events WHERE published_at < $1 ORDER BY published_at LIMIT $2
       ),
       deleted AS (DELETE FROM outbox_events o USING doomed d WHERE o.id = d.id RETURNING 1)
       SELECT count(*)::int AS deleted FROM deleted`,
      [cutoff, limit],
    );
    return rows[0]?.deleted ?? 0;
  }
}
