import { durationToSeconds } from './auth.config';

describe('durationToSeconds', () => {
  it.each([
    ['3600', 3600],
    ['45s', 45],
    ['15m', 900],
    ['12h', 43_200],
    ['7d', 604_800],
  ])('%s is %i seconds', (duration, seconds) => {
    expect(durationToSeconds(duration)).toBe(seconds);
  });
});
