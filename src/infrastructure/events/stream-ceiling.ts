import type { RedisConnection } from '../redis/redis-client';

/** What one step of trimming the stream down to its ceiling did, per consumer group. */
export interface CeilingTrim {
  trimmed: number;
  /** Still over the ceiling after this step. */
  more: boolean;
  groups: GroupLoss[];
}

export interface GroupLoss {
  group: string;
  /** Trimmed entries the group had not read yet (after its last-delivered id): lost to it. */
  unread: number;
  /** Trimmed entries pending in the group (delivered, not acknowledged). */
  pending: number;
}

/**
 * KEYS[1] stream, ARGV[1] ceiling, ARGV[2] most entries to trim in one step. Trims the oldest
 * entries over the ceiling (MAXLEN, exact) and answers, per group, how many of them it had not
 * read and how many were pending in it. A script, so that counting and trimming are one atomic
 * step: no consumer reads in between, and when several workers run it at once only the first
 * finds anything to trim, so each lost entry is counted once. The step bounds the entries one
 * run reads and deletes (a lowered ceiling is reached over several runs, never blocking Redis).
 */
const SCRIPT = `
local stream = KEYS[1]
local excess = redis.call('XLEN', stream) - tonumber(ARGV[1])
if excess <= 0 then return {0, 0} end
local count = math.min(excess, tonumber(ARGV[2]))
local entries = redis.call('XRANGE', stream, '-', '+', 'COUNT', count + 1)
local first, cut = entries[1][1], entries[count + 1][1]
local function parse(id)
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  return tonumber(ms), tonumber(seq)
end
local function isAfter(a, b)
  local ams, aseq = parse(a)
  local bms, bseq = parse(b)
  return ams > bms or (ams == bms and aseq > bseq)
end
local reply = {count, excess - count}
for _, fields in ipairs(redis.call('XINFO', 'GROUPS', stream)) do
  local group = {}
  for i = 1, #fields, 2 do group[fields[i]] = fields[i + 1] end
  local unread = 0
  for i = 1, count do
    if isAfter(entries[i][1], group['last-delivered-id']) then unread = unread + 1 end
  end
  local pending = redis.call('XPENDING', stream, group['name'], first, '(' .. cut, count)
  table.insert(reply, group['name'])
  table.insert(reply, unread)
  table.insert(reply, #pending)
end
redis.call('XTRIM', stream, 'MAXLEN', redis.call('XLEN', stream) - count)
return reply
`;

/** Trims `stream` by at most `step` entries towards `maxLength`, counting what each group loses. */
export async function trimToCeiling(
  redis: RedisConnection,
  stream: string,
  maxLength: number,
  step: number,
): Promise<CeilingTrim> {
  // The script answers [trimmed, excess left, then group, unread, pending for each group].
  const reply: unknown = await redis.eval(SCRIPT, 1, stream, maxLength, step);
  if (!Array.isArray(reply)) throw new Error('Trimming script answered no list');
  const groups: GroupLoss[] = [];
  for (let i = 2; i + 2 < reply.length; i += 3) {
    groups.push({
      group: String(reply[i]),
      unread: Number(reply[i + 1]),
      pending: Number(reply[i + 2]),
    });
  }
  return { trimmed: Number(reply[0]), more: Number(reply[1]) > 0, groups };
}
