import { Injectable, Logger } from '@nestjs/common';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { unavailability } from '../database/postgres-errors';
import { TransactionRunner } from '../database/transaction-runner';
import type { DomainEvent } from './domain-event';
import { RetryLater, type EventSubscriber } from './event-subscriber';
import { ProcessedEventsRepository } from './processed-events.repository';

export type DeliveryResult = 'processed' | 'duplicate' | 'ignored';

const tracer = trace.getTracer('conduit-api/events');

/** How soon an event waits to be tried again while the database is unreachable. */
export const DATABASE_RETRY_MS = 1_000;

/**
 * A database outage is no fault of the event: it waits for the database without spending its
 * attempts, which exist for events that fail on their own (a 30 s outage used to dead-letter
 * every event in flight).
 */
function postponedIfUnreachable(error: unknown): unknown {
  if (unavailability(error) !== 'unreachable') return error;
  return new RetryLater(`the database is unreachable (${describeError(error)})`, DATABASE_RETRY_MS);
}

/**
 * Hands one event to one subscriber, the same way in both modes (Redis Streams and in-process):
 * in one transaction, claim (subscriber, event) in processed_events and apply the handler's
 * effect; a redelivered event finds its claim and is skipped. The work runs in a CONSUMER span
 * whose parent is the request that caused the event, and its log lines carry that request id.
 * Errors propagate to the caller, which decides between retry, postpone and dead letter; an
 * unreachable database arrives there as RetryLater.
 */
@Injectable()
export class EventDelivery {
  private readonly logger = new Logger('Events');

  constructor(
    private readonly tx: TransactionRunner,
    private readonly processed: ProcessedEventsRepository,
  ) {}

  async deliver(subscriber: EventSubscriber, event: DomainEvent): Promise<DeliveryResult> {
    if (!subscriber.handles.has(event.type)) return 'ignored';
    const parent = propagation.extract(context.active(), event.traceContext);
    return tracer.startActiveSpan(
      `${subscriber.name} ${event.type}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: { 'messaging.system': 'conduit', 'messaging.message.id': event.id },
      },
      parent,
      async (span) => {
        try {
          const result = await this.tx.run(async (em): Promise<DeliveryResult> => {
            if (!(await this.processed.claim(em, subscriber.name, event.id))) return 'duplicate';
            await subscriber.handle(event, em);
            return 'processed';
          });
          this.logger.debug(
            `${subscriber.name} ${result} ${event.type} ${event.id} (request ${event.requestId ?? 'none'})`,
          );
          return result;
        } catch (error) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
          throw postponedIfUnreachable(error);
        } finally {
          span.end();
        }
      },
    );
  }
}

/** The delay before retry number `attempt` (1-based): base, 2×base, 4×base… capped at a minute. */
export function retryDelayMs(baseMs: number, attempt: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempt - 1), 60_000);
}

export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
