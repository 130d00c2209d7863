import type { ArticleRecord, AuthorRecord } from './queries';

/**
 * The Conduit JSON, field for field in our order (src/modules/articles/article-view.ts,
 * src/modules/profiles/profile-view.ts), so both servers send the same bytes.
 */

/** An article without viewer flags: what the ceiling caches for signed-in readers. */
export interface CachedArticle {
  id: number;
  slug: string;
  title: string;
  description: string;
  body?: string;
  tagList: string[];
  createdAt: string;
  updatedAt: string;
  favoritesCount: number;
  author: AuthorRecord;
}

export interface Flags {
  favorited: ReadonlySet<number>;
  following: ReadonlySet<number>;
}

export const NO_FLAGS: Flags = { favorited: new Set(), following: new Set() };

export function cachedArticle(record: ArticleRecord, author: AuthorRecord): CachedArticle {
  return {
    id: record.id,
    slug: record.slug,
    title: record.title,
    description: record.description,
    ...(record.body === undefined ? {} : { body: record.body }),
    tagList: record.tag_list,
    createdAt: record.created_at.toISOString(),
    updatedAt: record.updated_at.toISOString(),
    favoritesCount: record.favorites_count,
    author,
  };
}

/** A list row carries its author's columns. */
export function listedArticle(record: ArticleRecord): CachedArticle {
  return cachedArticle(record, {
    id: record.author_id,
    username: record.author_username ?? '',
    bio: record.author_bio ?? null,
    image: record.author_image ?? null,
  });
}

export function articleView(article: CachedArticle, flags: Flags) {
  return {
    slug: article.slug,
    title: article.title,
    description: article.description,
    ...(article.body === undefined ? {} : { body: article.body }),
    tagList: article.tagList,
    createdAt: article.createdAt,
    updatedAt: article.updatedAt,
    favorited: flags.favorited.has(article.id),
    favoritesCount: article.favoritesCount,
    author: {
      username: article.author.username,
      bio: article.author.bio,
      image: article.author.image,
      following: flags.following.has(article.author.id),
    },
  };
}

/**
 * Cached values are the ceiling's own JSON, written by cachedArticle(): parsed once, as the
 * fastest real implementation would (a value without an id is treated as a miss).
 */
export function parseCachedArticle(json: string): CachedArticle | undefined {
  const article: CachedArticle = JSON.parse(json);
  return typeof article.id === 'number' ? article : undefined;
}
