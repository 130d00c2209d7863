import { type DynamicModule, Module, type ModuleMetadata, type Type } from '@nestjs/common';
import { EventDelivery } from './event-delivery';
import { EventMetrics } from './event-metrics';
import { EventProcessing, PROCESS_ROLE, type ProcessRole } from './event-processing';
import { EVENT_SUBSCRIBERS, type EventSubscriber } from './event-subscriber';

export interface EventProcessingOptions {
  role: ProcessRole;
  /** The modules that provide the subscribers. */
  imports: NonNullable<ModuleMetadata['imports']>;
  subscribers: Type<EventSubscriber>[];
}

/** The relay and consumers of a process, over the subscribers it is given. */
@Module({})
export class EventProcessingModule {
  static register(options: EventProcessingOptions): DynamicModule {
    return {
      module: EventProcessingModule,
      imports: options.imports,
      providers: [
        { provide: PROCESS_ROLE, useValue: options.role },
        {
          provide: EVENT_SUBSCRIBERS,
          inject: options.subscribers,
          useFactory: (...subscribers: EventSubscriber[]) => subscribers,
        },
        EventDelivery,
        EventMetrics,
        EventProcessing,
      ],
    };
  }
}
