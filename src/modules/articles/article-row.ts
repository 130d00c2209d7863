import type { Author } from '../profiles/author';

/**
 * An article as the repository reads it: viewer-independent and JSON-safe (timestamps as
 * ISO-8601 strings), so that it can be cached as it is.
 */
export interface ArticleCore {
  id: number;
  slug: string;
  title: string;
  description: string;
  /** Only single-article reads select the body; lists never do. */
  body?: string;
  tagList: string[];
  createdAt: string;
  updatedAt: string;
  favoritesCount: number;
  authorId: number;
}

/** An article with its author's public data. */
export interface ArticleRow extends ArticleCore {
  author: Author;
}
