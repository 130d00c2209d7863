import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../../../common/pagination/page.query';
import { INVALID } from '../../../common/validation/messages';

/** `?limit=&offset=` or `?limit=&cursor=` for the article lists and the feed. */
export class ArticlePageQuery extends PageQuery {
  @ApiPropertyOptional({
    maxLength: 200,
    description:
      'The `nextCursor` of the previous page: the next page, at the same cost at any depth (instead of `offset`)',
  })
  @IsOptional()
  @MaxLength(200, { message: INVALID })
  @IsString({ message: INVALID })
  cursor?: string;
}
