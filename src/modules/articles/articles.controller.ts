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
import { CacheAnonymous } from '../../common/decorators/cache-anonymous.decorator';
import { articleScope } from '../../infrastructure/cache/cache-entries';
import { Public } from '../../common/decorators/public.decorator';
import type { AuthenticatedUser } from '../../common/guards/authenticated-user';
import { PageQuery } from '../../common/pagination/page.query';
import type { ArticleView } from './article-view';
import { ArticlesService, type ArticlePage } from './articles.service';
import { CreateArticleRequest } from './dto/create-article.request';
import { ListArticlesQuery } from './dto/list-articles.query';
import { UpdateArticleRequest } from './dto/update-article.request';

@Controller('articles')
export class ArticlesController {
  constructor(private readonly articles: ArticlesService) {}

  @Public()
  @CacheAnonymous()
  @Get()
  list(
    @Query() query: ListArticlesQuery,
    @Viewer() viewer: AuthenticatedUser | undefined,
  ): Promise<ArticlePage> {
    return this.articles.list(query, query, viewer?.id);
  }

  @Get('feed')
  feed(@Query() page: PageQuery, @CurrentUser() caller: AuthenticatedUser): Promise<ArticlePage> {
    return this.articles.feed(caller.id, page);
  }

  /** An anonymous reader gets the cached JSON as it is; a signed-in one their own view. */
  @Public()
  @CacheAnonymous((params) => articleScope(params.slug))
  @Get(':slug')
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
  async create(
    @Body() request: CreateArticleRequest,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<{ article: ArticleView }> {
    return { article: await this.articles.create(caller.id, request.article) };
  }

  @Put(':slug')
  async update(
    @Param('slug') slug: string,
    @Body() request: UpdateArticleRequest,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<{ article: ArticleView }> {
    return { article: await this.articles.update(slug, caller.id, request.article) };
  }

  @Delete(':slug')
  @HttpCode(204)
  async delete(
    @Param('slug') slug: string,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<void> {
    await this.articles.delete(slug, caller.id);
  }

  @Post(':slug/favorite')
  @HttpCode(200)
  async favorite(
    @Param('slug') slug: string,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<{ article: ArticleView }> {
    return { article: await this.articles.favorite(slug, caller.id) };
  }

  @Delete(':slug/favorite')
  async unfavorite(
    @Param('slug') slug: string,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<{ article: ArticleView }> {
    return { article: await this.articles.unfavorite(slug, caller.id) };
  }
}
