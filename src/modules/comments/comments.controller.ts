import { INT4_MAX } from '../../common/validation/int4';
import { ConditionalGet } from '../../common/decorators/conditional-get.decorator';
import { Idempotent } from '../../common/decorators/idempotent.decorator';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import { MultipleCommentsResponse, SingleCommentResponse } from './dto/comment.response';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CurrentUser, Viewer } from '../../common/decorators/current-user.decorator';
import { Public } from '../../common/decorators/public.decorator';
import type { AuthenticatedUser } from '../../common/guards/authenticated-user';
import { PAGE_LIMIT_MAX, PageQuery } from '../../common/pagination/page.query';
import type { CommentView } from './comment-view';
import { CommentsService } from './comments.service';
import { CreateCommentRequest } from './dto/create-comment.request';

/** A comment id that is not a positive 32-bit integer cannot exist. */
function toCommentId(raw: string): number {
  const id = /^\d{1,10}$/.test(raw) ? Number(raw) : Number.NaN;
  return id <= INT4_MAX ? id : Number.NaN;
}

/** Comments read as a conversation: a page holds as many as the limit allows by default. */
class CommentsPageQuery extends PageQuery {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: PAGE_LIMIT_MAX,
    default: PAGE_LIMIT_MAX,
    description: 'How many comments a page holds',
  })
  override limit: number = PAGE_LIMIT_MAX;
}

@ApiTags('Comments')
@Controller('articles/:slug/comments')
export class CommentsController {
  constructor(private readonly comments: CommentsService) {}

  @Post()
  @Idempotent()
  @ApiOperation({ operationId: 'CreateArticleComment', summary: 'Comment on an article' })
  @ApiCreatedResponse({ type: SingleCommentResponse })
  @ApiErrors(401, 404, 422)
  async add(
    @Param('slug') slug: string,
    @Body() request: CreateCommentRequest,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<{ comment: CommentView }> {
    return { comment: await this.comments.add(slug, caller.id, request.comment.body) };
  }

  @Public()
  @Get()
  @ConditionalGet()
  @ApiOperation({
    operationId: 'GetArticleComments',
    summary: 'The comments of an article, oldest first',
  })
  @ApiOkResponse({ type: MultipleCommentsResponse })
  @ApiErrors(401, 404, 422)
  async list(
    @Param('slug') slug: string,
    @Query() page: CommentsPageQuery,
    @Viewer() viewer: AuthenticatedUser | undefined,
  ): Promise<{ comments: CommentView[] }> {
    return { comments: await this.comments.list(slug, page, viewer?.id) };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'DeleteArticleComment', summary: "Delete one's own comment" })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiParam({ name: 'id', schema: { type: 'integer', minimum: 1 }, description: 'The comment id' })
  @ApiErrors(401, 403, 404, 422)
  async delete(
    @Param('slug') slug: string,
    @Param('id') id: string,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<void> {
    await this.comments.delete(slug, toCommentId(id), caller.id);
  }
}
