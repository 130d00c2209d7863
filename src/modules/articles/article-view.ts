import { toProfileView, type ProfileView } from '../profiles/profile-view';
import type { ArticleRow } from './article-row';

/** The `article` object; list entries leave out `body`. */
export interface ArticleView {
  slug: string;
  title: string;
  description: string;
  body?: string;
  tagList: string[];
  createdAt: string;
  updatedAt: string;
  favorited: boolean;
  favoritesCount: number;
  author: ProfileView;
}

/** What the viewer has to do with the articles on a page. */
export interface ViewerFlags {
  favoritedArticleIds: ReadonlySet<number>;
  followedAuthorIds: ReadonlySet<number>;
}

export const ANONYMOUS: ViewerFlags = {
  favoritedArticleIds: new Set(),
  followedAuthorIds: new Set(),
};

export function toArticleView(row: ArticleRow, flags: ViewerFlags): ArticleView {
  return {
    slug: row.slug,
    title: row.title,
    description: row.description,
    ...(row.body === undefined ? {} : { body: row.body }),
    tagList: row.tagList,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    favorited: flags.favoritedArticleIds.has(row.id),
    favoritesCount: row.favoritesCount,
    author: toProfileView(row.author, flags.followedAuthorIds.has(row.author.id)),
  };
}
