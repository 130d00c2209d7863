import { invalid } from '../../common/errors/domain-error';

export const TAG_MAX_LENGTH = 64;
export const TAGS_PER_ARTICLE_MAX = 20;

/** One spelling per tag: trimmed, inner whitespace collapsed, lower case. */
export function normalizeTag(tag: string): string {
  return tag.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** What an article stores and shows: normalised, without blanks or repeats, sorted. */
export function normalizeTagList(tags: readonly string[]): string[] {
  const unique = new Set(tags.map(normalizeTag).filter((tag) => tag.length > 0));
  return [...unique].toSorted();
}

/**
 * The normalised list, or a validation error when normalising made a tag too long (lower-casing
 * can lengthen a string: 'İ' becomes 'i̇').
 */
export function checkedTagList(tags: readonly string[]): string[] {
  const normalized = normalizeTagList(tags);
  if (normalized.some((tag) => tag.length > TAG_MAX_LENGTH)) {
    throw invalid({ tagList: [`must have tags of at most ${TAG_MAX_LENGTH} characters`] });
  }
  return normalized;
}
