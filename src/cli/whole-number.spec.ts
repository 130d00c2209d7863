import { InvalidArgumentError, parseWholeNumber } from './whole-number';

describe('parseWholeNumber', () => {
  it('accepts digits within the range', () => {
    expect(parseWholeNumber('0')).toBe(0);
    expect(parseWholeNumber('42', 1, 100)).toBe(42);
    expect(parseWholeNumber('007')).toBe(7);
  });

  it.each(['abc', '-1', '1.5', '1e3', '', ' 1', '0x10', '9007199254740993'])(
    'refuses %j, naming it',
    (value) => {
      expect(() => parseWholeNumber(value)).toThrow(InvalidArgumentError);
      expect(() => parseWholeNumber(value)).toThrow(`"${value}"`);
    },
  );

  it('refuses values outside the range', () => {
    expect(() => parseWholeNumber('0', 1, 10)).toThrow('"0" is not a whole number from 1 to 10.');
    expect(() => parseWholeNumber('11', 1, 10)).toThrow(InvalidArgumentError);
  });

  it('carries the code commander recognises', () => {
    expect(new InvalidArgumentError('x')).toMatchObject({ code: 'commander.invalidArgument' });
  });
});
