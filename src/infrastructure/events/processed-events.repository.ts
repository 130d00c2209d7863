import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

@Injectable()
export class ProcessedEventsRepository {
  /**
   * Marks the event processed by this consumer, in the caller's transaction. False when it
   * already was: the caller then skips its effect. A concurrent claim of the same pair waits on
   * the first one's commit, so two deliveries never both apply the effect.
   */
  async claim(em: EntityManager, consumer: string, eventId: string): Promise<boolean> {
    const rows = await em.query<{ event_id: string }[]>(
      `INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2)
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [consumer, eventId],
    );
    return rows.length === 1;
  }

  /**
   * Deletes up to `limit` rows processed before `cutoff` (oldest first, by the processed_at
   * index); answers how many. Bounded, so that no statement holds many row locks for long.
   */
  async deleteProcessedBefore(em: EntityManager, cutoff: Date, limit: number): Promise<number> {
    const rows = await em.query<{ deleted: number }[]>(
      `WITH doomed AS (
         SELECT consumer, event_id FROM processed_events
         WHERE processed_at < $1 ORDER BY processed_at LIMIT $2
       ),
       deleted AS (
         DELETE FROM processed_events p USING doomed d
         WHERE p.consumer = d.consumer AND p.event_id = d.event_id RETURNING 1
       )
       SELECT count(*)::int AS deleted FROM deleted`,
      [cutoff, limit],
    );
    return rows[0]?.deleted ?? 0;
  }
}
