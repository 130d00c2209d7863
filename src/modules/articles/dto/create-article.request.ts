import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';
import { BLANK } from '../../../common/validation/messages';
import { ArticleText, BODY_MAX, DESCRIPTION_MAX, TagListField, TITLE_MAX } from './article-fields';

export class NewArticle {
  @ArticleText(TITLE_MAX)
  title: string;

  @ArticleText(DESCRIPTION_MAX)
  description: string;

  @ArticleText(BODY_MAX)
  body: string;

  @TagListField()
  tagList?: string[];
}

/** POST /api/articles */
export class CreateArticleRequest {
  @ApiProperty({ type: NewArticle })
  @ValidateNested()
  @Type(() => NewArticle)
  @IsObject({ message: BLANK })
  article: NewArticle;
}
