import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { ProfileBody } from '../../profiles/dto/profile.response';
import type { CommentView } from '../comment-view';

/** The `comment` object as the API description shows it; `implements` keeps the two in step. */
@ApiSchema({ name: 'Comment' })
export class CommentBody implements CommentView {
  @ApiProperty({ type: 'integer', example: 1 })
  id: number;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ example: 'It takes a Jacobian' })
  body: string;

  @ApiProperty({ type: ProfileBody })
  author: ProfileBody;
}

@ApiSchema({ name: 'SingleCommentResponse' })
export class SingleCommentResponse {
  @ApiProperty({ type: CommentBody })
  comment: CommentBody;
}

@ApiSchema({ name: 'MultipleCommentsResponse' })
export class MultipleCommentsResponse {
  @ApiProperty({ type: [CommentBody] })
  comments: CommentBody[];
}
