import { Global, Module } from '@nestjs/common';
import { EventOutbox } from './event-outbox';
import { OutboxRepository } from './outbox.repository';
import { ProcessedEventsRepository } from './processed-events.repository';

/** What every process needs to emit events: services inject EventOutbox. */
@Global()
@Module({
  providers: [EventOutbox, OutboxRepository, ProcessedEventsRepository],
  exports: [EventOutbox, OutboxRepository, ProcessedEventsRepository],
})
export class EventsModule {}
