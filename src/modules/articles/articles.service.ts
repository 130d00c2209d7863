import { Injectable } from '@nestjs/common';
import { forbidden, invalid, notFound } from '../../common/errors/domain-error';
import { decodeCursor, encodeCursor } from '../../common/pagination/page-cursor';
import type { EntityManager } from 'typeorm';
import { AppCache } from '../../infrastructure/cache/app-cache';
import {
  articleEntry,
  articleScope,
  LISTS_SCOPE,
  TAGS_SCOPE,
} from '../../infrastructure/cache/cache-entries';
import { TransactionRunner } from '../../infrastructure/database/transaction-runner';
import { EventOutbox } from '../../infrastructure/events/event-outbox';
import { FollowsRepository } from '../profiles/follows.repository';
import { checkedTagList, normalizeTag } from '../tags/tag-list';
import { TagsRepository } from '../tags/tags.repository';
import type { ArticleRow } from './article-row';
import { ANONYMOUS, toArticleView, type ArticleView, type ViewerFlags } from './article-view';
import { ArticlesRepository, type ArticleChanges, type Page } from './articles.repository';
import { FavoritesRepository } from './favorites.repository';
import {
  decodePublicArticle,
  encodePublicArticle,
  publicArticleJson,
  type PublicArticle,
} from './public-article';
import { slugCandidates, slugify } from './slug';

export interface ArticleInput {
  title: string;
  description: string;
  body: string;
  tagList?: string[];
}

export interface ArticleEdit {
  title?: string;
  description?: string;
  body?: string;
  tagList?: string[];
}

export interface ArticleQuery {
  tag?: string;
  author?: string;
  favorited?: string;
}

export interface ArticlePage {
  articles: ArticleView[];
  articlesCount: number;
  /** The next page's cursor; absent on the last page. */
  nextCursor?: string;
}

/** A page as a client asks for it: by offset, or after a cursor. */
export interface PageRequest {
  limit: number;
  offset: number;
  cursor?: string;
}

function pageOf(request: PageRequest): Page {
  if (request.cursor === undefined) return { limit: request.limit, offset: request.offset };
  if (request.offset !== 0) throw invalid({ cursor: ['cannot be combined with offset'] });
  const after = decodeCursor(request.cursor);
  if (after === undefined) throw invalid({ cursor: ['is invalid'] });
  return { limit: request.limit, offset: 0, after };
}

@Injectable()
export class ArticlesService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly articles: ArticlesRepository,
    private readonly favorites: FavoritesRepository,
    private readonly follows: FollowsRepository,
    private readonly tags: TagsRepository,
    private readonly cache: AppCache,
    private readonly events: EventOutbox,
  ) {}

  async list(
    query: ArticleQuery,
    page: PageRequest,
    viewerId: number | undefined,
  ): Promise<ArticlePage> {
    const filter = {
      ...(query.tag === undefined ? {} : { tag: normalizeTag(query.tag) }),
      ...(query.author === undefined ? {} : { authorUsername: query.author }),
      ...(query.favorited === undefined ? {} : { favoritedByUsername: query.favorited }),
    };
    return this.page(await this.articles.list(filter, pageOf(page)), viewerId);
  }

  /** Articles by the authors the viewer follows, newest first. */
  async feed(viewerId: number, page: PageRequest): Promise<ArticlePage> {
    return this.page(await this.articles.list({ followedBy: viewerId }, pageOf(page)), viewerId);
  }

  /**
   * The article as an anonymous reader sees it, as JSON, read from the database: its response
   * is cached whole and served without running the handler (@CacheKey), so this runs on a miss.
   */
  async publicJson(slug: string): Promise<string> {
    const row = await this.articles.findBySlug(slug);
    if (row === null) throw notFound('article');
    return publicArticleJson(row);
  }

  /** The article as `viewerId` sees it: the public copy, with their favorited and following. */
  async get(slug: string, viewerId: number | undefined): Promise<ArticleView> {
    const article = await this.existingPublic(slug);
    // oxlint-disable-next-line typescript/no-unsafe-type-assertion -- we wrote this JSON from an ArticleView
    const view = JSON.parse(article.json) as ArticleView;
    if (viewerId === undefined) return view;
    const [favorited, followed] = await Promise.all([
      this.favorites.favoritedAmong(viewerId, [article.articleId]),
      this.follows.followedAmong(viewerId, [article.authorId]),
    ]);
    return {
      ...view,
      favorited: favorited.has(article.articleId),
      author: { ...view.author, following: followed.has(article.authorId) },
    };
  }

  async create(authorId: number, input: ArticleInput): Promise<ArticleView> {
    const { slug } = await this.tx.run(async (em) => {
      const created = await this.articles.insert(
        em,
        { title: input.title, description: input.description, body: input.body, authorId },
        slugCandidates(input.title),
      );
      const tagList = checkedTagList(input.tagList ?? []);
      await this.tags.replaceArticleTags(em, created.id, tagList);
      await this.events.record(em, 'article.published', {
        articleId: created.id,
        slug: created.slug,
        authorId,
        tagList,
      });
      return created;
    });
    await this.cache.invalidate(articleScope(slug), LISTS_SCOPE, TAGS_SCOPE);
    return this.get(slug, authorId);
  }

  /** Only the author may edit. A new title gives a new slug; tagList replaces the tags when given. */
  async update(slug: string, actorId: number, edit: ArticleEdit): Promise<ArticleView> {
    const newSlug = await this.tx.run(async (em) => {
      const article = await this.articles.lockBySlug(em, slug);
      if (!article) throw notFound('article');
      if (article.authorId !== actorId) throw forbidden('article');
      const changes: ArticleChanges = {
        title: edit.title,
        description: edit.description,
        body: edit.body,
      };
      await this.articles.update(em, article.id, changes);
      if (edit.tagList !== undefined) {
        await this.tags.replaceArticleTags(em, article.id, checkedTagList(edit.tagList));
      }
      const retitled = edit.title !== undefined && slugify(edit.title) !== slugify(article.title);
      const slugNow = retitled
        ? await this.articles.changeSlug(em, article.id, slugCandidates(edit.title ?? ''))
        : article.slug;
      await this.events.record(em, 'article.updated', {
        articleId: article.id,
        slug: slugNow,
        previousSlug: article.slug,
      });
      return slugNow;
    });
    await this.cache.invalidate(articleScope(slug), articleScope(newSlug), LISTS_SCOPE, TAGS_SCOPE);
    return this.get(newSlug, actorId);
  }

  async delete(slug: string, actorId: number): Promise<void> {
    await this.tx.run(async (em) => {
      const article = await this.articles.lockBySlug(em, slug);
      if (!article) throw notFound('article');
      if (article.authorId !== actorId) throw forbidden('article');
      await this.articles.delete(em, article.id);
      await this.events.record(em, 'article.deleted', {
        articleId: article.id,
        slug: article.slug,
        authorId: article.authorId,
      });
    });
    await this.cache.invalidate(articleScope(slug), LISTS_SCOPE, TAGS_SCOPE);
  }

  /**
   * Idempotent; the count moves in the same transaction as the favorite row, so it stays exact.
   * Cached copies are invalidated after the commit, and only when something changed.
   */
  async favorite(slug: string, userId: number): Promise<ArticleView> {
    const changed = await this.tx.run(async (em) => {
      const articleId = await this.existingId(em, slug);
      const added = await this.favorites.add(em, userId, articleId);
      if (added) {
        await this.articles.adjustFavoritesCount(em, articleId, 1);
        await this.events.record(em, 'article.favorited', { articleId, slug, userId });
      }
      return added;
    });
    if (changed) await this.cache.invalidate(articleScope(slug), LISTS_SCOPE);
    return this.get(slug, userId);
  }

  async unfavorite(slug: string, userId: number): Promise<ArticleView> {
    const changed = await this.tx.run(async (em) => {
      const articleId = await this.existingId(em, slug);
      const removed = await this.favorites.remove(em, userId, articleId);
      if (removed) {
        await this.articles.adjustFavoritesCount(em, articleId, -1);
        await this.events.record(em, 'article.unfavorited', { articleId, slug, userId });
      }
      return removed;
    });
    if (changed) await this.cache.invalidate(articleScope(slug), LISTS_SCOPE);
    return this.get(slug, userId);
  }

  private async existingId(em: EntityManager, slug: string): Promise<number> {
    const articleId = await this.articles.findIdBySlug(slug, em);
    if (articleId === null) throw notFound('article');
    return articleId;
  }

  /**
   * The cached public copy of the article (with its author: a profile edit invalidates the
   * copies of every article of that author, see UsersService.update).
   */
  private async existingPublic(slug: string): Promise<PublicArticle> {
    const text = await this.cache.getOrLoadText(articleEntry(slug), async () => {
      const row = await this.articles.findBySlug(slug);
      return row === null ? null : encodePublicArticle(row);
    });
    if (text === null) throw notFound('article');
    return decodePublicArticle(text);
  }

  private async page(
    found: { rows: ArticleRow[]; count: number; hasMore: boolean },
    viewerId: number | undefined,
  ): Promise<ArticlePage> {
    const flags = await this.flags(found.rows, viewerId);
    const last = found.rows.at(-1);
    return {
      articles: found.rows.map((row) => toArticleView(row, flags)),
      articlesCount: found.count,
      ...(found.hasMore && last !== undefined
        ? { nextCursor: encodeCursor({ createdAt: last.createdAt, id: last.id }) }
        : {}),
    };
  }

  /** favorited and following for a whole page: two queries, whatever the page size. */
  private async flags(
    rows: readonly ArticleRow[],
    viewerId: number | undefined,
  ): Promise<ViewerFlags> {
    if (viewerId === undefined || rows.length === 0) return ANONYMOUS;
    const [favoritedArticleIds, followedAuthorIds] = await Promise.all([
      this.favorites.favoritedAmong(
        viewerId,
        rows.map((row) => row.id),
      ),
      this.follows.followedAmong(
        viewerId,
        rows.map((row) => row.author.id),
      ),
    ]);
    return { favoritedArticleIds, followedAuthorIds };
  }
}
