import { Injectable } from '@nestjs/common';
import { forbidden, notFound } from '../../common/errors/domain-error';
import { TransactionRunner } from '../../infrastructure/database/transaction-runner';
import { FollowsRepository } from '../profiles/follows.repository';
import { checkedTagList, normalizeTag } from '../tags/tag-list';
import { TagsRepository } from '../tags/tags.repository';
import type { ArticleRow } from './article-row';
import { ANONYMOUS, toArticleView, type ArticleView, type ViewerFlags } from './article-view';
import { ArticlesRepository, type ArticleChanges, type Page } from './articles.repository';
import { FavoritesRepository } from './favorites.repository';
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
}

@Injectable()
export class ArticlesService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly articles: ArticlesRepository,
    private readonly favorites: FavoritesRepository,
    private readonly follows: FollowsRepository,
    private readonly tags: TagsRepository,
  ) {}

  async list(query: ArticleQuery, page: Page, viewerId: number | undefined): Promise<ArticlePage> {
    const filter = {
      ...(query.tag === undefined ? {} : { tag: normalizeTag(query.tag) }),
      ...(query.author === undefined ? {} : { authorUsername: query.author }),
      ...(query.favorited === undefined ? {} : { favoritedByUsername: query.favorited }),
    };
    return this.page(await this.articles.list(filter, page), viewerId);
  }

  /** Articles by the authors the viewer follows, newest first. */
  async feed(viewerId: number, page: Page): Promise<ArticlePage> {
    return this.page(await this.articles.list({ followedBy: viewerId }, page), viewerId);
  }

  async get(slug: string, viewerId: number | undefined): Promise<ArticleView> {
    const row = await this.articles.findBySlug(slug);
    if (!row) throw notFound('article');
    return toArticleView(row, await this.flags([row], viewerId));
  }

  async create(authorId: number, input: ArticleInput): Promise<ArticleView> {
    const { slug } = await this.tx.run(async (em) => {
      const created = await this.articles.insert(
        em,
        { title: input.title, description: input.description, body: input.body, authorId },
        slugCandidates(input.title),
      );
      await this.tags.replaceArticleTags(em, created.id, checkedTagList(input.tagList ?? []));
      return created;
    });
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
      return retitled
        ? this.articles.changeSlug(em, article.id, slugCandidates(edit.title ?? ''))
        : article.slug;
    });
    return this.get(newSlug, actorId);
  }

  async delete(slug: string, actorId: number): Promise<void> {
    await this.tx.run(async (em) => {
      const article = await this.articles.lockBySlug(em, slug);
      if (!article) throw notFound('article');
      if (article.authorId !== actorId) throw forbidden('article');
      await this.articles.delete(em, article.id);
    });
  }

  /** Idempotent; the count moves in the same transaction as the favorite row, so it stays exact. */
  async favorite(slug: string, userId: number): Promise<ArticleView> {
    await this.tx.run(async (em) => {
      const articleId = await this.articles.findIdBySlug(slug, em);
      if (articleId === null) throw notFound('article');
      if (await this.favorites.add(em, userId, articleId)) {
        await this.articles.adjustFavoritesCount(em, articleId, 1);
      }
    });
    return this.get(slug, userId);
  }

  async unfavorite(slug: string, userId: number): Promise<ArticleView> {
    await this.tx.run(async (em) => {
      const articleId = await this.articles.findIdBySlug(slug, em);
      if (articleId === null) throw notFound('article');
      if (await this.favorites.remove(em, userId, articleId)) {
        await this.articles.adjustFavoritesCount(em, articleId, -1);
      }
    });
    return this.get(slug, userId);
  }

  private async page(
    found: { rows: ArticleRow[]; count: number },
    viewerId: number | undefined,
  ): Promise<ArticlePage> {
    const flags = await this.flags(found.rows, viewerId);
    return {
      articles: found.rows.map((row) => toArticleView(row, flags)),
      articlesCount: found.count,
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
