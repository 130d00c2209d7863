import { Logger } from '@nestjs/common';
import type { RedisConnection } from '../redis/redis-client';
import type { EventsConfig } from '../../config/events.config';
import { OccasionalWarning } from '../redis/occasional-warning';
import { describeError, retryDelayMs, type EventDelivery } from './event-delivery';
import type { EventMetrics } from './event-metrics';
import { RetryLater, type EventSubscriber } from './event-subscriber';
import { decodeEntry, toEntries, type StreamEntry } from './stream-entry';

/** The longest a read blocks, so stop requests and due retries are noticed within it. */
const MAX_BLOCK_MS = 2_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One subscriber's consumer in its Redis consumer group, on a connection of its own (XREADGROUP
 * blocks it). Each round it takes, in this order: its own pending entries whose retry is due
 * (all of them at start: what a previous life of this consumer left unacknowledged), entries
 * idle longer than EVENTS_CLAIM_IDLE_MS in dead consumers (XAUTOCLAIM), then new entries.
 * Success acknowledges; a failure counts an attempt (in Redis, so it survives the consumer) and
 * retries with back-off; the EVENTS_MAX_ATTEMPTS-th failure copies the entry and its last
 * error to the dead-letter stream, then acknowledges. RetryLater waits without counting. A pending
 * entry found trimmed from the stream is counted in events_lost_total and logged as an error.
 */
export class StreamConsumer {
  private readonly logger: Logger;
  private readonly warning: OccasionalWarning;
  private readonly retryAt = new Map<string, number>();
  private running = false;
  private groupReady = false;
  private readingNew = false;
  private ownPendingChecked = false;
  private nextClaimAt = 0;
  private done: Promise<void> = Promise.resolve();

  constructor(
    private readonly subscriber: EventSubscriber,
    private readonly delivery: EventDelivery,
    private readonly connection: RedisConnection,
    private readonly config: EventsConfig,
    private readonly metrics: EventMetrics,
  ) {
    this.logger = new Logger(`Consumer ${subscriber.name}`);
    this.warning = new OccasionalWarning(this.logger, 10_000);
  }

  get group(): string {
    return this.subscriber.name;
  }

  private get attemptsKey(): string {
    return `${this.config.attemptsKeyPrefix}${this.group}`;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.done = this.run();
  }

  /** Finishes the entry in hand, then stops; a blocked read is cut short. */
  async stop(): Promise<void> {
    this.running = false;
    // Closed once: a second disconnect of a closed connection leaves ioredis's 2 s timer pending.
    const cutShort = this.readingNew;
    if (cutShort) this.connection.disconnect();
    await this.done;
    if (!cutShort) this.connection.disconnect();
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.ensureGroup();
        for (const entry of await this.nextEntries()) {
          if (!this.running) break;
          await this.process(entry);
        }
      } catch (error) {
        if (!this.running) break;
        if (describeError(error).includes('NOGROUP')) this.groupReady = false;
        this.warning.warn(`Reading the events stream failed, will retry: ${describeError(error)}`);
        await sleep(500);
      }
    }
  }

  /** From the start of the stream, so events published before the first worker ran are not skipped. */
  private async ensureGroup(): Promise<void> {
    if (this.groupReady) return;
    try {
      await this.connection.xgroup('CREATE', this.config.streamKey, this.group, '0', 'MKSTREAM');
    } catch (error) {
      if (!describeError(error).includes('BUSYGROUP')) throw error;
    }
    this.groupReady = true;
  }

  private async nextEntries(): Promise<StreamEntry[]> {
    const now = Date.now();
    if (!this.ownPendingChecked || this.earliestRetry() <= now) {
      const own = await this.readGroup('0', 0);
      this.ownPendingChecked = true;
      // Entries another consumer claimed meanwhile are theirs now.
      const ids = new Set(own.map(([id]) => id));
      for (const id of this.retryAt.keys()) if (!ids.has(id)) this.retryAt.delete(id);
      const due = own.filter(([id]) => (this.retryAt.get(id) ?? 0) <= now);
      if (due.length > 0) return due;
    }
    if (now >= this.nextClaimAt) {
      this.nextClaimAt = now + Math.max(100, Math.floor(this.config.claimIdleMs / 2));
      // XAUTOCLAIM answers [next cursor, claimed entries, ids deleted meanwhile].
      const reply: unknown = await this.connection.xautoclaim(
        this.config.streamKey,
        this.group,
        this.config.consumerName,
        this.config.claimIdleMs,
        '0-0',
        'COUNT',
        this.config.batchSize,
      );
      const claimed = toEntries(Array.isArray(reply) ? reply[1] : undefined);
      const deleted: unknown = Array.isArray(reply) ? reply[2] : undefined;
      // Redis has already removed these from the pending list, and reports each once.
      for (const id of Array.isArray(deleted) ? deleted : []) {
        if (typeof id !== 'string') continue;
        await this.acknowledge(id);
        this.recordLost(id);
      }
      if (claimed.length > 0) {
        this.logger.log(`Claimed ${claimed.length} entries idle in dead consumers`);
        return claimed;
      }
    }
    const blockMs = Math.max(
      1,
      Math.min(MAX_BLOCK_MS, this.earliestRetry() - now, this.nextClaimAt - now),
    );
    this.readingNew = true;
    try {
      return await this.readGroup('>', blockMs);
    } finally {
      this.readingNew = false;
    }
  }

  private async readGroup(from: '0' | '>', blockMs: number): Promise<StreamEntry[]> {
    const { streamKey, consumerName, batchSize } = this.config;
    // XREADGROUP answers [[stream, entries]], or null when nothing came.
    const reply: unknown =
      blockMs > 0
        ? await this.connection.xreadgroup(
            'GROUP',
            this.group,
            consumerName,
            'COUNT',
            batchSize,
            'BLOCK',
            blockMs,
            'STREAMS',
            streamKey,
            from,
          )
        : await this.connection.xreadgroup(
            'GROUP',
            this.group,
            consumerName,
            'COUNT',
            batchSize,
            'STREAMS',
            streamKey,
            from,
          );
    const stream: unknown = Array.isArray(reply) ? reply[0] : undefined;
    return toEntries(Array.isArray(stream) ? stream[1] : undefined);
  }

  private earliestRetry(): number {
    let earliest = Number.POSITIVE_INFINITY;
    for (const at of this.retryAt.values()) earliest = Math.min(earliest, at);
    return earliest;
  }

  private async process([id, fields]: StreamEntry): Promise<void> {
    // A pending entry trimmed from the stream (over EVENTS_STREAM_MAX_LENGTH) comes back without
    // fields: the event is lost to this group. Pending entries are counted here, not by the
    // trimmer (see StreamTrimmer); only if this XACK removed it, as another consumer's XAUTOCLAIM
    // may have reported it first.
    if (!Array.isArray(fields) || fields.length === 0) {
      if (await this.acknowledge(id)) this.recordLost(id);
      return;
    }
    const event = decodeEntry(fields);
    if (typeof event === 'string') return this.deadLetter(id, fields, event, 0);
    let result;
    try {
      result = await this.delivery.deliver(this.subscriber, event);
    } catch (error) {
      return this.onFailure(id, fields, error);
    }
    this.metrics.count(this.group, result);
    await this.acknowledge(id);
  }

  private async onFailure(id: string, fields: string[], error: unknown): Promise<void> {
    if (error instanceof RetryLater) {
      this.metrics.postponed.inc({ consumer: this.group });
      this.retryAt.set(id, Date.now() + error.retryInMs);
      this.warning.warn(`Postponing events: ${error.message}`);
      return;
    }
    this.metrics.failed.inc({ consumer: this.group });
    const attempts = await this.connection.hincrby(this.attemptsKey, id, 1);
    if (attempts >= this.config.maxAttempts) {
      return this.deadLetter(id, fields, describeError(error), attempts);
    }
    const delayMs = retryDelayMs(this.config.retryBaseMs, attempts);
    this.retryAt.set(id, Date.now() + delayMs);
    this.logger.warn(
      `Entry ${id} failed (attempt ${attempts} of ${this.config.maxAttempts}), retrying in ${delayMs} ms: ${describeError(error)}`,
    );
  }

  /** True when the entry was pending in the group until now (XACK removed it). */
  private async acknowledge(id: string): Promise<boolean> {
    this.retryAt.delete(id);
    const results = await this.connection
      .multi()
      .xack(this.config.streamKey, this.group, id)
      .hdel(this.attemptsKey, id)
      .exec();
    return results?.[0]?.[1] === 1;
  }

  private recordLost(id: string): void {
    this.metrics.lost.inc({ consumer: this.group });
    this.logger.error(
      `Entry ${id} was trimmed from the stream before ${this.group} handled it: the event is lost to it`,
    );
  }

  /** Copies the entry with its last error to the dead-letter stream and acknowledges it, atomically. */
  private async deadLetter(
    id: string,
    fields: readonly string[],
    error: string,
    attempts: number,
  ): Promise<void> {
    this.retryAt.delete(id);
    await this.connection
      .multi()
      .xadd(
        this.config.deadLetterStreamKey,
        '*',
        ...fields,
        'consumer',
        this.group,
        'entryId',
        id,
        'attempts',
        String(attempts),
        'error',
        error.slice(0, 2000),
      )
      .xack(this.config.streamKey, this.group, id)
      .hdel(this.attemptsKey, id)
      .exec();
    this.metrics.deadLettered.inc({ consumer: this.group });
    this.logger.error(`Entry ${id} dead-lettered after ${attempts} attempts: ${error}`);
  }
}
