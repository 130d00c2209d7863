import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../../../common/pagination/page.query';
import { INVALID, tooLong } from '../../../common/validation/messages';

/** GET /api/articles?tag=&author=&favorited=&limit=&offset= */
export class ListArticlesQuery extends PageQuery {
  @IsOptional()
  @MaxLength(255, { message: tooLong(255) })
  @IsString({ message: INVALID })
  tag?: string;

  @IsOptional()
  @MaxLength(255, { message: tooLong(255) })
  @IsString({ message: INVALID })
  author?: string;

  @IsOptional()
  @MaxLength(255, { message: tooLong(255) })
  @IsString({ message: INVALID })
  favorited?: string;
}
