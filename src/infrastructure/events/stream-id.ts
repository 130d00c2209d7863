/** A stream entry id, `<milliseconds>-<sequence>`, as two integers (BigInt: Redis allows 64 bits). */
function parts(id: string): [bigint, bigint] {
  const match = /^(\d+)-(\d+)$/.exec(id);
  if (!match) throw new Error(`Not a stream entry id: ${id}`);
  return [BigInt(match[1]), BigInt(match[2])];
}

/** Negative when `a` comes before `b` in a stream, 0 when equal, positive after. */
export function compareStreamIds(a: string, b: string): number {
  const [aMs, aSeq] = parts(a);
  const [bMs, bSeq] = parts(b);
  if (aMs !== bMs) return aMs < bMs ? -1 : 1;
  return aSeq === bSeq ? 0 : aSeq < bSeq ? -1 : 1;
}

const MAX_SEQUENCE = 2n ** 64n - 1n;

/** The smallest id after `id`: XTRIM MINID with it keeps every entry after `id`, and only those. */
export function nextStreamId(id: string): string {
  const [ms, seq] = parts(id);
  return seq === MAX_SEQUENCE ? `${ms + 1n}-0` : `${ms}-${seq + 1n}`;
}
