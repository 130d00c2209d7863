import { normalizeTag, normalizeTagList } from './tag-list';

describe('tag normalisation', () => {
  it('trims, collapses whitespace and lower-cases a tag', () => {
    expect(normalizeTag('  Node   JS ')).toBe('node js');
  });

  it('drops blanks and repeats and sorts the list', () => {
    expect(normalizeTagList(['training', 'Dragons', ' dragons ', '', '  ', 'alpha'])).toEqual([
      'alpha',
      'dragons',
      'training',
    ]);
  });
});
