import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** How long a key is kept: a retry within this gets the first answer. */
export const IDEMPOTENCY_RETENTION_HOURS = 24;
/**
 * How long a request may hold its key before a retry may take it over (its process died). Well
 * above any request's life: statements are cut at DB_STATEMENT_TIMEOUT_MS.
 */
export const IDEMPOTENCY_LOCK_SECONDS = 60;

/** What holding a key tells the request that asks for it. */
export type KeyClaim =
  | { kind: 'claimed' }
  | { kind: 'replay'; status: number; body: string }
  | { kind: 'different_request' }
  | { kind: 'in_progress' };

interface KeyRow {
  request_fingerprint: string;
  response_status: number | null;
  response_body: string | null;
}

/** idempotency_keys: one statement per step, so that concurrent requests meet in the index. */
@Injectable()
export class IdempotencyKeysRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Takes the key for this request, or says who has it. Concurrent claims of one key queue on
   * the primary key: one inserts, the others see its row. An expired key starts afresh; a
   * running one whose lock ran out (its process died) is taken over by the same request.
   */
  async claim(owner: string, key: string, fingerprint: string): Promise<KeyClaim> {
    const claimed = await this.dataSource.query<unknown[]>(
      `INSERT INTO idempotency_keys AS k (owner, key, request_fingerprint, locked_until)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4))
       ON CONFLICT (owner, key) DO UPDATE
          SET request_fingerprint = EXCLUDED.request_fingerprint,
              locked_until = EXCLUDED.locked_until,
              response_status = NULL, response_body = NULL, created_at = now()
        WHERE k.created_at < now() - make_interval(hours => $5)
           OR (k.response_status IS NULL AND k.locked_until < now()
               AND k.request_fingerprint = EXCLUDED.request_fingerprint)
       RETURNING 1`,
      [owner, key, fingerprint, IDEMPOTENCY_LOCK_SECONDS, IDEMPOTENCY_RETENTION_HOURS],
    );
    if (claimed.length > 0) return { kind: 'claimed' };
    const rows = await this.dataSource.query<KeyRow[]>(
      `SELECT request_fingerprint, response_status, response_body
         FROM idempotency_keys WHERE owner = $1 AND key = $2`,
      [owner, key],
    );
    const row = rows[0];
    // Gone between the two statements (released by a failed first request): take it now.
    if (row === undefined) return this.claim(owner, key, fingerprint);
    if (row.request_fingerprint !== fingerprint) return { kind: 'different_request' };
    if (row.response_status === null || row.response_body === null) return { kind: 'in_progress' };
    return { kind: 'replay', status: row.response_status, body: row.response_body };
  }

  /** Keeps the first answer for the retries. */
  async complete(owner: string, key: string, status: number, body: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys SET response_status = $3, response_body = $4
        WHERE owner = $1 AND key = $2 AND response_status IS NULL`,
      [owner, key, status, body],
    );
  }

  /** The request failed: a retry may run it again. */
  async release(owner: string, key: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE owner = $1 AND key = $2 AND response_status IS NULL`,
      [owner, key],
    );
  }

  /** Deletes up to `limit` expired keys; returns how many. */
  async deleteExpired(limit: number): Promise<number> {
    const rows = await this.dataSource.query<unknown[]>(
      `DELETE FROM idempotency_keys WHERE ctid IN (
         SELECT ctid FROM idempotency_keys
          WHERE created_at < now() - make_interval(hours => $1) LIMIT $2)
       RETURNING 1`,
      [IDEMPOTENCY_RETENTION_HOURS, limit],
    );
    return rows.length;
  }
}
