import { randomBytes } from 'node:crypto';

const SLUG_BASE_MAX = 200;

/** "How to Train Your Dragon!" → "how-to-train-your-dragon"; letters of any script are kept. */
export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SLUG_BASE_MAX)
    .replace(/-+$/, '');
  return slug || 'article';
}

/**
 * Slugs to try in order: the plain one, then ones with a random suffix. Five random
 * 6-character suffixes all being taken is not a case worth more code.
 */
export function slugCandidates(title: string): string[] {
  const base = slugify(title);
  return [
    base,
    ...Array.from(
      { length: 5 },
      () => `${base}-${randomBytes(4).readUInt32BE().toString(36).slice(0, 6)}`,
    ),
  ];
}
