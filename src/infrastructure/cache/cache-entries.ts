/**
 * Every cached key family, and the invalidation scope each belongs to. A read looks up the
 * scope's version and reads `<key>@<version>`; a write bumps the version of every scope it
 * touches, after its transaction commits. A value cached from a read that raced the write lands
 * under the old version, where nobody looks any more. README's "Caching" table mirrors this file.
 */
export interface CacheEntry {
  /** Invalidated as a whole by invalidate(scope). */
  scope: string;
  key: string;
}

/**
 * An article as an anonymous reader sees it, author included (see public-article.ts): a write
 * to the article or to its author's profile bumps its scope.
 */
export const articleEntry = (slug: string): CacheEntry => ({
  scope: `article:${slug}`,
  key: `article:${slug}`,
});

/**
 * A user's token version and kept session (see UsersService.isValid), read on every
 * authenticated request. In the user's scope, so the update that changes the password makes
 * every instance read it afresh.
 */
export const sessionStateEntry = (userId: number): CacheEntry => ({
  scope: `user:${userId}`,
  key: `sessions:${userId}`,
});

/** A profile's public data by username (id, username, bio, image). */
export const profileEntry = (username: string): CacheEntry => ({
  scope: `username:${username}`,
  key: `profile:${username}`,
});

/** Everything that lists articles or tags: one scope, bumped by any write that could change a list. */
export const LISTS_SCOPE = 'lists';
/** The popular tags: only writes that change an article's tags bump it (not favorites, not profiles). */
export const TAGS_SCOPE = 'tags';
export const popularTagsEntry: CacheEntry = { scope: TAGS_SCOPE, key: 'tags:popular' };
/** An anonymous GET's response body, in the scope its route names (@CacheKey, @CacheScope). */
export const anonymousResponseEntry = (scope: string, key: string): CacheEntry => ({
  scope,
  key: `http:${key}`,
});

export const articleScope = (slug: string): string => articleEntry(slug).scope;
export const userScope = (userId: number): string => sessionStateEntry(userId).scope;
export const usernameScope = (username: string): string => profileEntry(username).scope;
