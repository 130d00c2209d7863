import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { ArticlePageQuery } from './article-page.query';
import { INVALID, tooLong } from '../../../common/validation/messages';

/** GET /api/articles?tag=&author=&favorited=&limit=&offset= (or &cursor=) */
export class ListArticlesQuery extends ArticlePageQuery {
  @ApiPropertyOptional({ maxLength: 255, description: 'Only articles with this tag' })
  @IsOptional()
  @MaxLength(255, { message: tooLong(255) })
  @IsString({ message: INVALID })
  tag?: string;

  @ApiPropertyOptional({ maxLength: 255, description: 'Only articles by this username' })
  @IsOptional()
  @MaxLength(255, { message: tooLong(255) })
  @IsString({ message: INVALID })
  author?: string;

  @ApiPropertyOptional({ maxLength: 255, description: 'Only articles this username favorited' })
  @IsOptional()
  @MaxLength(255, { message: tooLong(255) })
  @IsString({ message: INVALID })
  favorited?: string;
}
