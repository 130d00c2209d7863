import { createHash } from 'node:crypto';

/** A strong ETag of a body: 128 bits of its SHA-1, quoted. */
export function entityTagOf(body: string): string {
  return `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
}

/** A body as it is sent, with its ETag. */
export interface TaggedBody {
  readonly entityTag: string;
  readonly body: string;
}

export const taggedBody = (body: string): TaggedBody => ({ entityTag: entityTagOf(body), body });

/**
 * A cached body carries its ETag on a first line, so that a hit costs no hashing. A stored
 * body is JSON and never starts with a quote: text without the line is a body alone.
 */
export function withEntityTag(body: string, entityTag = entityTagOf(body)): string {
  return `${entityTag}\n${body}`;
}

export function splitEntityTag(text: string): { entityTag: string | undefined; body: string } {
  if (!text.startsWith('"')) return { entityTag: undefined, body: text };
  const end = text.indexOf('\n');
  return end === -1
    ? { entityTag: undefined, body: text }
    : { entityTag: text.slice(0, end), body: text.slice(end + 1) };
}

/** A cached text as a tagged body (one stored without its ETag line is hashed now). */
export function cachedBody(text: string): TaggedBody {
  const { entityTag, body } = splitEntityTag(text);
  return entityTag === undefined ? taggedBody(body) : { entityTag, body };
}

/** If-None-Match holds this ETag (weak comparison, as RFC 9110 asks for it), or is `*`. */
export function noneMatchHolds(ifNoneMatch: string | undefined, entityTag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch
    .split(',')
    .some((candidate) => candidate.trim().replace(/^W\//, '') === entityTag);
}
