import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  EVENT_TYPES,
  type DomainEvent,
  type EventType,
} from '../../infrastructure/events/domain-event';
import type { EventSubscriber } from '../../infrastructure/events/event-subscriber';
import { AnalyticsRepository } from './analytics.repository';

/** Which counter each event moves, and by how much. */
const COUNTED: Partial<Record<EventType, { metric: string; by: number }>> = {
  'user.registered': { metric: 'signups', by: 1 },
  'article.published': { metric: 'articles_published', by: 1 },
  'article.favorited': { metric: 'favorites', by: 1 },
  'article.unfavorited': { metric: 'favorites', by: -1 },
};

export const ANALYTICS_METRICS = ['signups', 'articles_published', 'favorites'] as const;

/**
 * Daily counters, on the UTC day the event occurred (not the day it was handled, so a backlog
 * lands on the right day). The increment shares the delivery's transaction with this
 * consumer's processed-event row: each event counts exactly once.
 */
@Injectable()
export class AnalyticsSubscriber implements EventSubscriber {
  readonly name = 'analytics';
  readonly handles: ReadonlySet<EventType> = new Set(
    EVENT_TYPES.filter((type) => COUNTED[type] !== undefined),
  );

  constructor(private readonly analytics: AnalyticsRepository) {}

  async handle(event: DomainEvent, em: EntityManager): Promise<void> {
    const counted = COUNTED[event.type];
    if (!counted) return;
    await this.analytics.increment(em, event.occurredAt.slice(0, 10), counted.metric, counted.by);
  }
}
