import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { eventsConfig, type EventsConfig } from '../../config/events.config';
import { redisConfig, type RedisConfig } from '../../config/redis.config';
import { TransactionRunner } from '../database/transaction-runner';
import { REDIS_CLIENT, type RedisClient } from '../redis/redis-client';
import { EventDelivery } from './event-delivery';
import { EventMetrics, type GroupState } from './event-metrics';
import { EVENT_SUBSCRIBERS, type EventSubscriber } from './event-subscriber';
import { InProcessRelay } from './in-process-relay';
import { parseGroups } from './consumer-groups';
import { CLEANUP_INTERVAL_MS, OutboxCleanup } from './outbox-cleanup';
import { OutboxRelay } from './outbox-relay';
import { OutboxRepository } from './outbox.repository';
import { PollingLoop } from './polling-loop';
import { ProcessedEventsCleanup } from './processed-events-cleanup';
import { ProcessedEventsRepository } from './processed-events.repository';
import { createStreamConnection } from './stream-connection';
import { StreamConsumer } from './stream-consumer';
import { StreamTrimmer, TRIM_INTERVAL_MS } from './stream-trimmer';

/** Which process this is: the API publishes and consumes only in the one-command mode. */
export type ProcessRole = 'api' | 'worker';
export const PROCESS_ROLE = Symbol('PROCESS_ROLE');

interface Runner {
  start(): void;
  stop(): Promise<void>;
}

/**
 * Starts what moves events in this process, once the app is up, and stops it (finishing the
 * entry in hand) before connections close:
 * - no REDIS_URL (any process): the in-process relay over the outbox;
 * - the worker with Redis: the outbox relay, the stream trimmer and one stream consumer per
 *   subscriber;
 * - the API with Redis: nothing; it only writes the outbox.
 * Where events move, the outbox and processed_events are pruned too.
 */
@Injectable()
export class EventProcessing implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Events');
  private runners: Runner[] = [];
  private consumers: StreamConsumer[] = [];

  constructor(
    @Inject(PROCESS_ROLE) private readonly role: ProcessRole,
    @Inject(EVENT_SUBSCRIBERS) private readonly subscribers: EventSubscriber[],
    @Inject(eventsConfig.KEY) private readonly config: EventsConfig,
    @Inject(redisConfig.KEY) private readonly redisSettings: RedisConfig,
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    private readonly tx: TransactionRunner,
    private readonly outbox: OutboxRepository,
    private readonly processed: ProcessedEventsRepository,
    private readonly delivery: EventDelivery,
    private readonly metrics: EventMetrics,
  ) {}

  onApplicationBootstrap(): void {
    const names = this.subscribers.map((subscriber) => subscriber.name).join(', ');
    // The shared client is null exactly when REDIS_URL is unset (config.inProcess).
    if (!this.redis || this.redisSettings.url === undefined) {
      const relay = new InProcessRelay(
        this.tx,
        this.outbox,
        this.delivery,
        this.subscribers,
        this.config,
        this.metrics,
      );
      this.runners = [new PollingLoop(this.config.relayIntervalMs, relay)];
      this.logger.log(`REDIS_URL unset: events go from the outbox to ${names} in this process`);
    } else if (this.role === 'worker') {
      const url = this.redisSettings.url;
      this.consumers = this.subscribers.map(
        (subscriber) =>
          new StreamConsumer(
            subscriber,
            this.delivery,
            createStreamConnection(url, subscriber.name, this.redisSettings.cluster),
            this.config,
            this.metrics,
          ),
      );
      this.metrics.readGroupsFrom({ groupStates: () => this.groupStates() });
      const relay = new OutboxRelay(this.tx, this.outbox, this.redis, this.config, this.metrics);
      const trimmer = new StreamTrimmer(this.redis, this.config, this.metrics);
      this.runners = [
        new PollingLoop(this.config.relayIntervalMs, relay),
        new PollingLoop(TRIM_INTERVAL_MS, trimmer),
        ...this.consumers,
      ];
      this.logger.log(
        `Relaying the outbox to ${this.config.streamKey}; consuming as ${this.config.consumerName} in groups ${names}`,
      );
    }
    if (this.runners.length > 0) {
      this.runners.push(
        new PollingLoop(CLEANUP_INTERVAL_MS, new OutboxCleanup(this.outbox)),
        new PollingLoop(CLEANUP_INTERVAL_MS, new ProcessedEventsCleanup(this.tx, this.processed)),
      );
    }
    for (const runner of this.runners) runner.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.stop()));
    this.runners = [];
  }

  /**
   * This process's groups, read with one XINFO GROUPS on the shared client: the consumers' own
   * connections may be blocked in XREADGROUP for up to 2 s.
   */
  private async groupStates(): Promise<GroupState[]> {
    if (!this.redis) return [];
    const mine = new Set(this.consumers.map((consumer) => consumer.group));
    return parseGroups(await this.redis.xinfo('GROUPS', this.config.streamKey))
      .filter((group) => mine.has(group.name))
      .map((group) => ({ consumer: group.name, lag: group.lag ?? 0, pending: group.pending }));
  }
}
