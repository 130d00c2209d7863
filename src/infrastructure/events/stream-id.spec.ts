import { compareStreamIds, nextStreamId } from './stream-id';

describe('stream ids', () => {
  it('compare by milliseconds, then by sequence, as numbers', () => {
    expect(compareStreamIds('9-5', '10-0')).toBeLessThan(0);
    expect(compareStreamIds('10-10', '10-9')).toBeGreaterThan(0);
    expect(compareStreamIds('1796063053793-0', '1796063053793-0')).toBe(0);
  });

  it('next id: the sequence plus one, or the next millisecond after the largest sequence', () => {
    expect(nextStreamId('0-0')).toBe('0-1');
    expect(nextStreamId('1796063053793-41')).toBe('1796063053793-42');
    expect(nextStreamId('5-18446744073709551615')).toBe('6-0');
  });

  it('refuses what is not an entry id', () => {
    expect(() => nextStreamId('$')).toThrow('Not a stream entry id: $');
  });
});
