import { Injectable } from '@nestjs/common';
import { forbidden, notFound } from '../../common/errors/domain-error';
import type { Page } from '../articles/articles.repository';
import { ArticlesRepository } from '../articles/articles.repository';
import { TransactionRunner } from '../../infrastructure/database/transaction-runner';
import { EventOutbox } from '../../infrastructure/events/event-outbox';
import { FollowsRepository } from '../profiles/follows.repository';
import { toCommentView, type CommentView } from './comment-view';
import { CommentsRepository } from './comments.repository';

@Injectable()
export class CommentsService {
  constructor(
    private readonly comments: CommentsRepository,
    private readonly articles: ArticlesRepository,
    private readonly follows: FollowsRepository,
    private readonly tx: TransactionRunner,
    private readonly events: EventOutbox,
  ) {}

  async add(slug: string, authorId: number, body: string): Promise<CommentView> {
    const articleId = await this.existingArticle(slug);
    const row = await this.tx.run(async (em) => {
      const created = await this.comments.create(em, articleId, authorId, body);
      await this.events.record(em, 'comment.created', {
        commentId: created.id,
        articleId,
        slug,
        authorId,
      });
      return created;
    });
    const followed = await this.follows.followedAmong(authorId, [authorId]);
    return toCommentView(row, followed);
  }

  async list(slug: string, page: Page, viewerId: number | undefined): Promise<CommentView[]> {
    const rows = await this.comments.listForArticle(await this.existingArticle(slug), page);
    const followed =
      viewerId === undefined
        ? new Set<number>()
        : await this.follows.followedAmong(
            viewerId,
            rows.map((row) => row.author.id),
          );
    return rows.map((row) => toCommentView(row, followed));
  }

  /** The article must exist (404 article), then the comment on it (404 comment), then be the actor's (403). */
  async delete(slug: string, commentId: number, actorId: number): Promise<void> {
    const articleId = await this.existingArticle(slug);
    const authorId = Number.isSafeInteger(commentId)
      ? await this.comments.findAuthorId(articleId, commentId)
      : null;
    if (authorId === null) throw notFound('comment');
    if (authorId !== actorId) throw forbidden('comment');
    await this.comments.delete(commentId);
  }

  private async existingArticle(slug: string): Promise<number> {
    const articleId = await this.articles.findIdBySlug(slug);
    if (articleId === null) throw notFound('article');
    return articleId;
  }
}
