import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';
import { BLANK } from '../../../common/validation/messages';
import { ArticleText, BODY_MAX, DESCRIPTION_MAX, TagListField, TITLE_MAX } from './article-fields';

export class ArticleUpdate {
  @ArticleText(TITLE_MAX, true)
  title?: string;

  @ArticleText(DESCRIPTION_MAX, true)
  description?: string;

  @ArticleText(BODY_MAX, true)
  body?: string;

  @TagListField()
  tagList?: string[];
}

/** PUT /api/articles/:slug */
export class UpdateArticleRequest {
  @ApiProperty({
    type: ArticleUpdate,
    description: 'Only the fields given change; a new title gives a new slug',
  })
  @ValidateNested()
  @Type(() => ArticleUpdate)
  @IsObject({ message: BLANK })
  article: ArticleUpdate;
}
