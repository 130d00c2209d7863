import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsNotEmpty,
  IsString,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { BLANK, INVALID, tooLong } from '../../../common/validation/messages';
import { TAG_MAX_LENGTH, TAGS_PER_ARTICLE_MAX } from '../../tags/tag-list';

const onlyWhenGiven = ValidateIf((_: unknown, value: unknown) => value !== undefined);

/**
 * A text field of an article, reported in this order (the pipe stops at the first failure).
 * Optional fields (updates) may be absent, never null or blank.
 */
export const ArticleText = (maxLength: number, optional = false): PropertyDecorator =>
  applyDecorators(
    ApiProperty({ type: 'string', minLength: 1, maxLength, required: !optional }),
    ...(optional ? [onlyWhenGiven] : []),
    IsNotEmpty({ message: BLANK }),
    IsString({ message: INVALID }),
    MaxLength(maxLength, { message: tooLong(maxLength) }),
  );

/** Absent keeps the tags (on update), [] clears them, null is refused. */
export const TagListField = (): PropertyDecorator =>
  applyDecorators(
    ApiProperty({
      type: 'array',
      items: { type: 'string', maxLength: TAG_MAX_LENGTH },
      maxItems: TAGS_PER_ARTICLE_MAX,
      required: false,
      example: ['dragons', 'training'],
    }),
    onlyWhenGiven,
    IsArray({ message: 'must be an array of strings' }),
    ArrayMaxSize(TAGS_PER_ARTICLE_MAX, {
      message: `must have at most ${TAGS_PER_ARTICLE_MAX} tags`,
    }),
    IsString({ each: true, message: 'must be an array of strings' }),
    MaxLength(TAG_MAX_LENGTH, {
      each: true,
      message: `must have tags of at most ${TAG_MAX_LENGTH} characters`,
    }),
  );

export const TITLE_MAX = 255;
export const DESCRIPTION_MAX = 1000;
export const BODY_MAX = 100_000;
