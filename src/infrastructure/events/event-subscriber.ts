import type { EntityManager } from 'typeorm';
import type { DomainEvent, EventType } from './domain-event';

/**
 * A consumer of domain events: one consumer group (Redis mode) and one `processed_events.consumer`
 * value per subscriber, so every subscriber gets every event it handles.
 * `handle` runs inside a transaction that also records the event as processed by this
 * subscriber: whatever it writes on `em` happens exactly once per event.
 */
export interface EventSubscriber {
  readonly name: string;
  readonly handles: ReadonlySet<EventType>;
  handle(event: DomainEvent, em: EntityManager): Promise<void>;
}

/** Injection token: the subscribers a process runs. */
export const EVENT_SUBSCRIBERS = Symbol('EVENT_SUBSCRIBERS');

/**
 * Thrown by a handler that cannot work right now through no fault of the event (the mail
 * circuit is open): the event waits `retryInMs` and is tried again, without counting an attempt.
 */
export class RetryLater extends Error {
  constructor(
    message: string,
    readonly retryInMs: number,
  ) {
    super(message);
    this.name = 'RetryLater';
  }
}
