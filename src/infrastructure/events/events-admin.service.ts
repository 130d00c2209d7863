import { Inject, Injectable } from '@nestjs/common';
import type { RedisConnection } from '../redis/redis-client';
import { eventsConfig, type EventsConfig } from '../../config/events.config';
import { REDIS_CLIENT, type RedisClient } from '../redis/redis-client';
import { parseGroups, type ConsumerGroupStatus } from './consumer-groups';
import { OutboxRepository } from './outbox.repository';
import { fieldOf, toEntries } from './stream-entry';

/** Dead-letter entries read per XRANGE while replaying. */
const REPLAY_PAGE = 100;

export interface EventsStatus {
  outbox: {
    unpublished: number;
    oldestUnpublishedAt: string | null;
    oldestUnpublishedAgeSeconds: number | null;
    /** Rows that exhausted their attempts in in-process mode (without Redis). */
    dead: number;
  };
  /** null without REDIS_URL: events then go from the outbox to in-process consumers. */
  stream: {
    key: string;
    length: number;
    groups: ConsumerGroupStatus[];
    deadLetterKey: string;
    deadLetterLength: number;
  } | null;
}

export interface ReplayResult {
  replayed: number;
  /** Dead-letter entries left where they are because they carry no event to replay. */
  skipped: string[];
}

/**
 * Operators' view of event delivery, for the CLI: the outbox backlog and, with Redis, the
 * stream, its consumer groups and the dead letters, which it can replay.
 */
@Injectable()
export class EventsAdmin {
  constructor(
    private readonly outbox: OutboxRepository,
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    @Inject(eventsConfig.KEY) private readonly config: EventsConfig,
  ) {}

  async status(now: Date = new Date()): Promise<EventsStatus> {
    const backlog = await this.outbox.backlog();
    const oldest = backlog.oldestOccurredAt;
    return {
      outbox: {
        unpublished: backlog.unpublished,
        oldestUnpublishedAt: oldest?.toISOString() ?? null,
        oldestUnpublishedAgeSeconds:
          oldest === null ? null : Math.max(0, (now.getTime() - oldest.getTime()) / 1000),
        dead: backlog.dead,
      },
      stream: this.redis ? await this.streamStatus(this.redis) : null,
    };
  }

  /**
   * Puts dead letters back in front of the consumers, oldest first. With Redis: each entry's
   * original `type` and `event` fields are added to the events stream and the entry removed from
   * the dead-letter stream in one MULTI, so none is lost or doubled. Every consumer group sees the
   * event again; those that handled it already skip it (processed_events). Without Redis: the
   * dead outbox rows are made due again, all of them (`limit` applies to the stream only).
   */
  async replayDead(limit: number): Promise<ReplayResult> {
    if (!this.redis) return { replayed: await this.outbox.replayDead(), skipped: [] };
    const redis = this.redis;
    const { streamKey, deadLetterStreamKey, streamMaxLength } = this.config;
    const result: ReplayResult = { replayed: 0, skipped: [] };
    let from = '-';
    while (result.replayed < limit) {
      const count = Math.min(REPLAY_PAGE, limit - result.replayed);
      const entries = toEntries(await redis.xrange(deadLetterStreamKey, from, '+', 'COUNT', count));
      if (entries.length === 0) break;
      for (const [id, fields] of entries) {
        const event = fields ? fieldOf(fields, 'event') : undefined;
        if (fields === null || event === undefined) {
          result.skipped.push(id);
          continue;
        }
        const type = fieldOf(fields, 'type');
        const original = type === undefined ? ['event', event] : ['type', type, 'event', event];
        const replies = await redis
          .multi()
          .xadd(streamKey, 'MAXLEN', '~', streamMaxLength, '*', ...original)
          .xdel(deadLetterStreamKey, id)
          .exec();
        const failure = replies?.find(([error]) => error !== null)?.[0];
        if (failure) throw failure;
        result.replayed += 1;
      }
      // Exclusive start: the skipped entries stay behind, the replayed ones are gone.
      from = `(${entries[entries.length - 1][0]}`;
    }
    return result;
  }

  private async streamStatus(redis: RedisConnection): Promise<NonNullable<EventsStatus['stream']>> {
    const { streamKey, deadLetterStreamKey } = this.config;
    const [length, deadLetterLength, exists] = await Promise.all([
      redis.xlen(streamKey),
      redis.xlen(deadLetterStreamKey),
      redis.exists(streamKey),
    ]);
    // XINFO GROUPS fails on a missing key; before the first event there is neither stream nor group.
    const groups = exists ? parseGroups(await redis.xinfo('GROUPS', streamKey)) : [];
    return { key: streamKey, length, groups, deadLetterKey: deadLetterStreamKey, deadLetterLength };
  }
}
