export interface ConsumerGroupStatus {
  name: string;
  consumers: number;
  /** Delivered to a consumer, not yet acknowledged. */
  pending: number;
  /** Entries not yet delivered to the group; null when Redis cannot tell (entries deleted). */
  lag: number | null;
}

/** XINFO GROUPS answers one flat [name, value, …] list per group. */
export function parseGroups(reply: unknown): ConsumerGroupStatus[] {
  const groups: ConsumerGroupStatus[] = [];
  for (const fields of Array.isArray(reply) ? reply : []) {
    if (!Array.isArray(fields)) continue;
    const info = new Map<string, unknown>();
    for (let i = 0; i + 1 < fields.length; i += 2) info.set(String(fields[i]), fields[i + 1]);
    const lag = info.get('lag');
    groups.push({
      name: String(info.get('name')),
      consumers: Number(info.get('consumers') ?? 0),
      pending: Number(info.get('pending') ?? 0),
      lag: lag === null || lag === undefined ? null : Number(lag),
    });
  }
  return groups;
}
