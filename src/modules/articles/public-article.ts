import type { ArticleRow } from './article-row';
import { ANONYMOUS, toArticleView } from './article-view';

/**
 * An article as everyone sees it, cached as text: the ids the per-viewer flags need, then the
 * JSON of its view for an anonymous reader, which is sent as it is (`<id> <authorId>\n<json>`).
 */
export interface PublicArticle {
  articleId: number;
  authorId: number;
  /** The ArticleView of an anonymous reader, as JSON. */
  json: string;
}

/** The article's view for an anonymous reader, as JSON. */
export function publicArticleJson(row: ArticleRow): string {
  return JSON.stringify(toArticleView(row, ANONYMOUS));
}

export function encodePublicArticle(row: ArticleRow): string {
  return `${row.id} ${row.author.id}\n${publicArticleJson(row)}`;
}

export function decodePublicArticle(text: string): PublicArticle {
  const newline = text.indexOf('\n');
  const space = text.indexOf(' ');
  if (newline === -1 || space === -1 || space > newline) {
    throw new Error('cached article is not "<id> <authorId>\\n<json>"');
  }
  return {
    articleId: Number(text.slice(0, space)),
    authorId: Number(text.slice(space + 1, newline)),
    json: text.slice(newline + 1),
  };
}
