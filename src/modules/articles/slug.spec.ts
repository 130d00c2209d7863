import { slugCandidates, slugify } from './slug';

describe('slugify', () => {
  it.each([
    ['How to Train Your Dragon', 'how-to-train-your-dragon'],
    ['  Hello,   World!  ', 'hello-world'],
    ['Crème brûlée à la carte', 'creme-brulee-a-la-carte'],
    ['日本語のタイトル', '日本語のタイトル'],
    ['!!!', 'article'],
  ])('%j → %j', (title, slug) => {
    expect(slugify(title)).toBe(slug);
  });

  it('keeps slugs bounded and without a trailing dash', () => {
    const slug = slugify(`${'word '.repeat(100)}end`);
    expect(slug.length).toBeLessThanOrEqual(200);
    expect(slug.endsWith('-')).toBe(false);
  });
});

describe('slugCandidates', () => {
  it('tries the plain slug first, then distinct suffixed ones', () => {
    const [plain, ...suffixed] = slugCandidates('Dup Title');
    expect(plain).toBe('dup-title');
    expect(suffixed).toHaveLength(5);
    for (const slug of suffixed) expect(slug).toMatch(/^dup-title-[0-9a-z]{1,6}$/);
    expect(new Set(suffixed).size).toBe(5);
  });
});
