import { Logger } from '@nestjs/common';
import type { RedisConnection } from '../redis/redis-client';
import type { EventsConfig } from '../../config/events.config';
import { describeError } from './event-delivery';
import type { EventMetrics } from './event-metrics';
import type { Polled } from './polling-loop';
import { trimToCeiling, type CeilingTrim } from './stream-ceiling';
import { compareStreamIds, nextStreamId } from './stream-id';

/**
 * How often the stream is trimmed. A round is a handful of cheap commands, and every 5 s keeps
 * the entries every group has read from piling up, and the stream from passing its ceiling by
 * more than the relay publishes in 5 s.
 */
export const TRIM_INTERVAL_MS = 5_000;
/** Most entries one safe trim deletes (XTRIM's LIMIT), so that no single trim blocks Redis. */
const SAFE_TRIM_LIMIT = 10_000;
/** Most entries one ceiling step reads and deletes (see stream-ceiling.ts). */
const CEILING_STEP = 1_000;

/**
 * Trims the events stream, in whichever process relays (several may run at once). Each round:
 * 1. The safe trim: XTRIM MINID ~ the oldest entry any consumer group still needs (its smallest
 *    pending id, or the entry after its last-delivered id). What a group has not read or not
 *    acknowledged is never trimmed. With no group at all nothing is trimmed here: a group
 *    created later (from '0') gets every event still under the ceiling.
 * 2. The ceiling, EVENTS_STREAM_MAX_LENGTH, only protects Redis's memory from a group that stopped
 *    reading: past it, the oldest entries go (exactly), and the entries a group had not read are
 *    counted in events_lost_total{consumer} and logged as an error, here. Its pending entries
 *    that went too are counted by its consumers, when they meet them (StreamConsumer): only the
 *    consumer knows whether it holds such an entry in hand (then it is handled, not lost), and
 *    Redis removes a pending entry once (XACK answering 1, or XAUTOCLAIM reporting it deleted),
 *    so each is counted exactly once. Unread entries are in no pending list: no overlap.
 */
export class StreamTrimmer implements Polled {
  private readonly logger = new Logger('StreamTrimmer');

  constructor(
    private readonly redis: RedisConnection,
    private readonly config: Pick<EventsConfig, 'streamKey' | 'streamMaxLength'>,
    private readonly metrics: EventMetrics,
  ) {}

  reportFailure(error: unknown): void {
    this.logger.warn(`Trimming the events stream failed, will retry: ${describeError(error)}`);
  }

  /** One safe trim and one ceiling step; true when either may have more to do right away. */
  async round(): Promise<boolean> {
    const { streamKey, streamMaxLength } = this.config;
    if ((await this.redis.exists(streamKey)) === 0) return false;
    const oldestNeeded = await this.oldestNeeded();
    const safelyTrimmed =
      oldestNeeded === undefined
        ? 0
        : await this.redis.xtrim(streamKey, 'MINID', '~', oldestNeeded, 'LIMIT', SAFE_TRIM_LIMIT);
    const ceiling = await trimToCeiling(this.redis, streamKey, streamMaxLength, CEILING_STEP);
    this.report(ceiling);
    // The limit stops a trim at a node boundary below it: one that got this far may have more.
    return safelyTrimmed >= SAFE_TRIM_LIMIT / 2 || ceiling.more;
  }

  /** The oldest id any group still needs; undefined when the stream has no group. */
  private async oldestNeeded(): Promise<string | undefined> {
    const { streamKey } = this.config;
    // Groups first, then their pending entries: an entry read in between lies after the
    // last-delivered id read first, so a stale answer only ever keeps more.
    const groups = groupPositions(await this.redis.xinfo('GROUPS', streamKey));
    let oldest: string | undefined;
    for (const { name, lastDeliveredId } of groups) {
      // XPENDING's summary: [count, smallest id, largest id, consumers]; ids null when none.
      const summary: unknown = await this.redis.xpending(streamKey, name);
      const smallestPending = Array.isArray(summary) ? summary[1] : undefined;
      for (const needed of [nextStreamId(lastDeliveredId), smallestPending]) {
        if (typeof needed !== 'string') continue;
        if (oldest === undefined || compareStreamIds(needed, oldest) < 0) oldest = needed;
      }
    }
    return oldest;
  }

  private report({ trimmed, groups }: CeilingTrim): void {
    if (trimmed === 0) return;
    const ceiling = `over EVENTS_STREAM_MAX_LENGTH=${this.config.streamMaxLength}`;
    if (groups.length === 0) {
      this.logger.warn(`Trimmed ${trimmed} entries ${ceiling} while no consumer group exists`);
    }
    for (const { group, unread, pending } of groups) {
      const losses: string[] = [];
      if (unread > 0) {
        this.metrics.lost.inc({ consumer: group }, unread);
        losses.push(`consumer group ${group} lost ${unread} entries it had not read`);
      }
      if (pending > 0) {
        losses.push(
          `${pending} pending entries of consumer group ${group} went (counted as its consumers meet them)`,
        );
      }
      if (losses.length > 0) this.logger.error(`Stream ${ceiling}: ${losses.join('; ')}`);
    }
  }
}

/** Name and last-delivered id of each group, from XINFO GROUPS (a flat [field, value, …] list each). */
function groupPositions(reply: unknown): { name: string; lastDeliveredId: string }[] {
  const groups: { name: string; lastDeliveredId: string }[] = [];
  for (const fields of Array.isArray(reply) ? reply : []) {
    if (!Array.isArray(fields)) continue;
    const info = new Map<unknown, unknown>();
    for (let i = 0; i + 1 < fields.length; i += 2) info.set(fields[i], fields[i + 1]);
    const name = info.get('name');
    const lastDeliveredId = info.get('last-delivered-id');
    if (typeof name === 'string' && typeof lastDeliveredId === 'string') {
      groups.push({ name, lastDeliveredId });
    }
  }
  return groups;
}
