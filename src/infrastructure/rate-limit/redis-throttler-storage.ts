import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import type { RedisConnection } from '../redis/redis-client';
import { requestPathDeadlines } from '../redis/redis-client';
import { RedisScript } from '../redis/redis-script';

/**
 * A fixed window per key (INCR, expiry set by the first hit), and a block once the limit is
 * passed: one atomic script, so every replica counts against the same number. The semantics
 * of @nest-lab/throttler-storage-redis, which we used before; the script now goes by its SHA
 * (EVALSHA) instead of its whole text on every request (see README, decisions).
 * KEYS: hits, blocked. ARGV: ttl ms, limit, block duration ms.
 * Answers { hits, ms to the window's end, blocked (0/1), ms to the block's end }.
 */
const THROTTLE = new RedisScript(`
local hits = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl <= 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
local blockedFor = redis.call('PTTL', KEYS[2])
if blockedFor <= 0 and hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], 1, 'PX', ARGV[3])
  blockedFor = tonumber(ARGV[3])
end
if blockedFor > 0 then return { hits, ttl, 1, blockedFor } end
return { hits, ttl, 0, 0 }
`);

function numberAt(reply: unknown[], index: number): number {
  const value = reply[index];
  if (typeof value !== 'number') throw new TypeError(`rate limit script answered ${String(value)}`);
  return value;
}

export class RedisThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly redis: RedisConnection) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    // One hash slot for both keys (the braces), so the script also runs on a Redis Cluster.
    const base = `{${key}:${throttlerName}}`;
    const reply = await requestPathDeadlines.guard(
      THROTTLE.run(this.redis, [`${base}:hits`, `${base}:blocked`], [ttl, limit, blockDuration]),
    );
    if (!Array.isArray(reply)) throw new TypeError('rate limit script answered no list');
    return {
      totalHits: numberAt(reply, 0),
      timeToExpire: Math.ceil(numberAt(reply, 1) / 1000),
      isBlocked: numberAt(reply, 2) === 1,
      timeToBlockExpire: Math.ceil(numberAt(reply, 3) / 1000),
    };
  }
}
