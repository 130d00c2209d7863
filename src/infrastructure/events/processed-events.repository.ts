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
}
