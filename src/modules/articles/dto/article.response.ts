import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { ProfileBody } from '../../profiles/dto/profile.response';
import type { ArticleView } from '../article-view';

/** An entry of a list of articles: everything but the body. */
@ApiSchema({ name: 'ArticleListItem' })
export class ArticleListItem implements Omit<ArticleView, 'body'> {
  @ApiProperty({ example: 'how-to-train-your-dragon' })
  slug: string;

  @ApiProperty({ example: 'How to train your dragon' })
  title: string;

  @ApiProperty({ example: 'Ever wonder how?' })
  description: string;

  @ApiProperty({ type: [String], example: ['dragons', 'training'] })
  tagList: string[];

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ description: 'Whether the caller favorited it (false when anonymous)' })
  favorited: boolean;

  @ApiProperty({ type: 'integer', example: 0 })
  favoritesCount: number;

  @ApiProperty({ type: ProfileBody })
  author: ProfileBody;
}

/** The `article` object as the API description shows it; `implements` keeps the two in step. */
@ApiSchema({ name: 'Article' })
export class ArticleBody extends ArticleListItem implements ArticleView {
  @ApiProperty({ example: 'It takes a Jacobian' })
  body: string;
}

@ApiSchema({ name: 'SingleArticleResponse' })
export class SingleArticleResponse {
  @ApiProperty({ type: ArticleBody })
  article: ArticleBody;
}

@ApiSchema({ name: 'MultipleArticlesResponse' })
export class MultipleArticlesResponse {
  @ApiProperty({ type: [ArticleListItem] })
  articles: ArticleListItem[];

  @ApiProperty({ type: 'integer', description: 'How many articles match, across all pages' })
  articlesCount: number;

  @ApiPropertyOptional({
    description: 'Pass as `?cursor=` for the next page; absent on the last page',
  })
  nextCursor?: string;
}
