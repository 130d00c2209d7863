/** A uniform random integer from 0 to `max`, inclusive. */
export type RandomInt = (max: number) => number;

/**
 * `count` distinct integers from [0, population), by Robert Floyd's algorithm: exactly `count`
 * draws whatever the density (no rejection loop that slows down near the full population),
 * memory in `count`, and the same draws for the same random sequence.
 */
export function sampleDistinct(count: number, population: number, randomInt: RandomInt): number[] {
  if (count > population) {
    throw new RangeError(`cannot draw ${count} distinct values from ${population}`);
  }
  const chosen = new Set<number>();
  for (let upper = population - count; upper < population; upper++) {
    const draw = randomInt(upper);
    chosen.add(chosen.has(draw) ? upper : draw);
  }
  return [...chosen];
}

/** `count` distinct (row, column) pairs from a rows × columns grid. */
export function distinctPairs(
  count: number,
  rows: number,
  columns: number,
  randomInt: RandomInt,
): [number, number][] {
  return sampleDistinct(count, rows * columns, randomInt).map((cell) => [
    Math.floor(cell / columns),
    cell % columns,
  ]);
}

/** `count` distinct (a, b) pairs of `size` items with a ≠ b: who follows whom, never oneself. */
export function distinctPairsWithoutSelf(
  count: number,
  size: number,
  randomInt: RandomInt,
): [number, number][] {
  return distinctPairs(count, size, Math.max(size - 1, 0), randomInt).map(([a, other]) => [
    a,
    other >= a ? other + 1 : other,
  ]);
}
