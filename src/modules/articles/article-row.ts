import type { Author } from '../profiles/author';

/** An article as the repository reads it: viewer-independent, ready to cache. */
export interface ArticleRow {
  id: number;
  slug: string;
  title: string;
  description: string;
  /** Only single-article reads select the body; lists never do. */
  body?: string;
  tagList: string[];
  createdAt: Date;
  updatedAt: Date;
  favoritesCount: number;
  author: Author;
}
