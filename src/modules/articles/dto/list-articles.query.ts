import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../../../common/pagination/page.query';
import { INVALID, tooLong } from '../../../common/validation/messages';

/** GET /api/articles?tag=&author=&favorited=&limit=&offset= */
export class ListArticlesQuery extends PageQuery {
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
