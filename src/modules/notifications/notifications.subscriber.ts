import { Inject, Injectable } from '@nestjs/common';
import {
  isEvent,
  type DomainEvent,
  type EventType,
} from '../../infrastructure/events/domain-event';
import { RetryLater, type EventSubscriber } from '../../infrastructure/events/event-subscriber';
import { MailUnavailable } from '../../infrastructure/mail/circuit-breaker-mailer';
import { MAILER, type Mailer } from '../../infrastructure/mail/mailer';
import { welcomeEmail } from './welcome-email';

/**
 * Sends the welcome email on user.registered. The send happens inside the delivery's
 * transaction, after this consumer's processed-event row is written: a failed send rolls the
 * row back (the event is retried), a successful one commits it (a redelivery skips). Only a
 * crash between the SMTP server's acceptance and the commit can send twice.
 */
@Injectable()
export class NotificationsSubscriber implements EventSubscriber {
  readonly name = 'notifications';
  readonly handles: ReadonlySet<EventType> = new Set<EventType>(['user.registered']);

  constructor(@Inject(MAILER) private readonly mailer: Mailer) {}

  async handle(event: DomainEvent): Promise<void> {
    if (!isEvent(event, 'user.registered')) return;
    try {
      await this.mailer.send(welcomeEmail(event.payload.email, event.payload.username));
    } catch (error) {
      if (error instanceof MailUnavailable) throw new RetryLater(error.message, error.retryInMs);
      throw error;
    }
  }
}
