import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNotEmpty, IsObject, IsString, MaxLength, ValidateNested } from 'class-validator';
import { BLANK, INVALID, tooLong } from '../../../common/validation/messages';

export const COMMENT_BODY_MAX = 10_000;

export class NewComment {
  @ApiProperty({ minLength: 1, maxLength: COMMENT_BODY_MAX, example: 'Thank you so much!' })
  @MaxLength(COMMENT_BODY_MAX, { message: tooLong(COMMENT_BODY_MAX) })
  @IsString({ message: INVALID })
  @IsNotEmpty({ message: BLANK })
  body: string;
}

/** POST /api/articles/:slug/comments */
export class CreateCommentRequest {
  @ApiProperty({ type: NewComment })
  @ValidateNested()
  @Type(() => NewComment)
  @IsObject({ message: BLANK })
  comment: NewComment;
}
