import { Global, Module } from '@nestjs/common';
import { EventOutbox } from './event-outbox';
import { EventsAdmin } from './events-admin.service';
import { OutboxRepository } from './outbox.repository';
import { ProcessedEventsRepository } from './processed-events.repository';

/**
 * What every process needs to emit events (services inject EventOutbox), and the operators'
 * view of their delivery (EventsAdmin, used by the CLI).
 */
@Global()
@Module({
  providers: [EventOutbox, OutboxRepository, ProcessedEventsRepository, EventsAdmin],
  exports: [EventOutbox, OutboxRepository, ProcessedEventsRepository, EventsAdmin],
})
export class EventsModule {}
