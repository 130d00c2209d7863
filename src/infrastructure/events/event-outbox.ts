import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { context, propagation } from '@opentelemetry/api';
import { RequestContext } from '../../common/request-context/request-context';
import type { EntityManager } from 'typeorm';
import type { DomainEvent, EventPayloads, EventType, TraceCarrier } from './domain-event';
import { OutboxRepository } from './outbox.repository';

/**
 * How services emit domain events: `record` writes the event into the outbox on the manager of
 * the caller's transaction, so the event exists if and only if the state change committed.
 * Nothing is published here; the relay does that. The request id and trace context come from
 * the ambient request (none when the worker or the CLI calls the service).
 */
@Injectable()
export class EventOutbox {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly requestContext: RequestContext,
  ) {}

  async record<T extends EventType>(
    em: EntityManager,
    type: T,
    payload: EventPayloads[T],
  ): Promise<DomainEvent<T>> {
    const traceContext: TraceCarrier = {};
    propagation.inject(context.active(), traceContext);
    const event: DomainEvent<T> = {
      id: randomUUID(),
      type,
      occurredAt: new Date().toISOString(),
      payload,
      requestId: this.requestContext.requestId ?? null,
      traceContext,
    };
    await this.outbox.insert(em, event);
    return event;
  }
}
