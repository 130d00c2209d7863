import { ConditionalGet } from '../../common/decorators/conditional-get.decorator';
import { Idempotent } from '../../common/decorators/idempotent.decorator';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import { MultipleArticlesResponse, SingleArticleResponse } from './dto/article.response';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CurrentUser, Viewer } from '../../common/decorators/current-user.decorator';
import { CacheKey } from '@nestjs/cache-manager';
import { CacheScope } from '../../common/decorators/cache-scope.decorator';
import { normalizedRequestUrl } from '../../common/response-cache/normalized-url';
import { articleScope } from '../../infrastructure/cache/cache-entries';
import { Public } from '../../common/decorators/public.decorator';
import type { AuthenticatedUser } from '../../common/guards/authenticated-user';
import { ArticlePageQuery } from './dto/article-page.query';
import type { ArticleView } from './article-view';
import { ArticlesService, type ArticlePage } from './articles.service';
import { CreateArticleRequest } from './dto/create-article.request';
import { ListArticlesQuery } from './dto/list-articles.query';
import { UpdateArticleRequest } from './dto/update-article.request';

@ApiTags('Articles')
@Controller('articles')
export class ArticlesController {
  constructor(private readonly articles: ArticlesService) {}

  @Public()
  @CacheKey(normalizedRequestUrl)
  @Get()
  @ConditionalGet()
  @ApiOperation({
    operationId: 'GetArticles',
    summary: 'Recent articles, newest first, filtered by tag, author or favorited',
  })
  @ApiOkResponse({ type: MultipleArticlesResponse })
  @ApiErrors(401, 422)
  list(
    @Query() query: ListArticlesQuery,
    @Viewer() viewer: AuthenticatedUser | undefined,
  ): Promise<ArticlePage> {
    return this.articles.list(query, query, viewer?.id);
  }

  @Get('feed')
  @ConditionalGet()
  @ApiOperation({
    operationId: 'GetArticlesFeed',
    summary: 'Articles by the users the caller follows, newest first',
  })
  @ApiOkResponse({ type: MultipleArticlesResponse })
  @ApiErrors(401, 422)
  feed(
    @Query() page: ArticlePageQuery,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<ArticlePage> {
    return this.articles.feed(caller.id, page);
  }

  /** An anonymous reader gets the cached JSON as it is; a signed-in one their own view. */
  @Public()
  @CacheKey(normalizedRequestUrl)
  @CacheScope((params) => articleScope(params.slug))
  @Get(':slug')
  @ConditionalGet()
  @ApiOperation({ operationId: 'GetArticle', summary: 'An article' })
  @ApiOkResponse({ type: SingleArticleResponse })
  @ApiErrors(401, 404, 422)
  async get(
    @Param('slug') slug: string,
    @Viewer() viewer: AuthenticatedUser | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ article: ArticleView } | string> {
    if (viewer !== undefined) return { article: await this.articles.get(slug, viewer.id) };
    const json = await this.articles.publicJson(slug);
    void reply.type('application/json; charset=utf-8');
    return `{"article":${json}}`;
  }

  @Post()
  @Idempotent()
  @ApiOperation({ operationId: 'CreateArticle', summary: 'Publish an article' })
  @ApiCreatedResponse({ type: SingleArticleResponse })
  // 409 only for an Idempotency-Key still in use (@Idempotent): a taken title gets a new slug.
  @ApiErrors(401, 422)
  async create(
    @Body() request: CreateArticleRequest,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<{ article: ArticleView }> {
    return { article: await this.articles.create(caller.id, request.article) };
  }

  @Put(':slug')
  @ApiOperation({ operationId: 'UpdateArticle', summary: "Change one's own article" })
  @ApiOkResponse({ type: SingleArticleResponse })
  @ApiErrors(401, 403, 404, 422)
  async update(
    @Param('slug') slug: string,
    @Body() request: UpdateArticleRequest,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<{ article: ArticleView }> {
    return { article: await this.articles.update(slug, caller.id, request.article) };
  }

  @Delete(':slug')
  @HttpCode(204)
  @ApiOperation({ operationId: 'DeleteArticle', summary: "Delete one's own article" })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(401, 403, 404, 422)
  async delete(
    @Param('slug') slug: string,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<void> {
    await this.articles.delete(slug, caller.id);
  }

  @Post(':slug/favorite')
  @Idempotent()
  @HttpCode(200)
  @ApiTags('Favorites')
  @ApiOperation({ operationId: 'CreateArticleFavorite', summary: 'Favorite an article' })
  @ApiOkResponse({ type: SingleArticleResponse })
  @ApiErrors(401, 404, 422)
  async favorite(
    @Param('slug') slug: string,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<{ article: ArticleView }> {
    return { article: await this.articles.favorite(slug, caller.id) };
  }

  @Delete(':slug/favorite')
  @ApiTags('Favorites')
  @ApiOperation({ operationId: 'DeleteArticleFavorite', summary: 'Unfavorite an article' })
  @ApiOkResponse({ type: SingleArticleResponse })
  @ApiErrors(401, 404, 422)
  async unfavorite(
    @Param('slug') slug: string,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<{ article: ArticleView }> {
    return { article: await this.articles.unfavorite(slug, caller.id) };
  }
}
