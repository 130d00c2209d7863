import * as fc from 'fast-check';
import { distinctPairs, distinctPairsWithoutSelf, sampleDistinct } from './distinct-pairs';

/** A deterministic random source for the property runs. */
function seeded(seed: number): (max: number) => number {
  let state = seed >>> 0 || 1;
  return (max) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % (max + 1);
  };
}

describe('distinct sampling', () => {
  it('draws exactly `count` distinct values within the population', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer(), (population, seed) => {
        const count = Math.floor(population / 2);
        const values = sampleDistinct(count, population, seeded(seed));
        expect(new Set(values).size).toBe(count);
        expect(values.every((value) => value >= 0 && value < population)).toBe(true);
      }),
    );
  });

  it('can take the whole population', () => {
    expect(sampleDistinct(5, 5, seeded(3)).toSorted((a, b) => a - b)).toEqual([0, 1, 2, 3, 4]);
  });

  it('refuses more values than the population holds', () => {
    expect(() => sampleDistinct(3, 2, seeded(1))).toThrow(RangeError);
  });

  it('gives distinct pairs inside the grid', () => {
    const pairs = distinctPairs(30, 5, 7, seeded(9));
    expect(new Set(pairs.map((pair) => pair.join(','))).size).toBe(30);
    expect(pairs.every(([row, column]) => row < 5 && column < 7)).toBe(true);
  });

  it('never pairs an item with itself, and can pair every item with every other', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer(), (size, seed) => {
        const all = size * (size - 1);
        const pairs = distinctPairsWithoutSelf(all, size, seeded(seed));
        expect(pairs.every(([a, b]) => a !== b && b < size)).toBe(true);
        expect(new Set(pairs.map((pair) => pair.join(','))).size).toBe(all);
      }),
    );
  });
});
