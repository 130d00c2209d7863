import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { conflict, invalid, type FieldErrors } from '../../common/errors/domain-error';
import { PasswordHasher } from '../../infrastructure/auth/password-hasher';
import { AppCache } from '../../infrastructure/cache/app-cache';
import { LISTS_SCOPE, TAGS_SCOPE } from '../../infrastructure/cache/cache-entries';
import { TransactionRunner } from '../../infrastructure/database/transaction-runner';
import { distinctPairs, distinctPairsWithoutSelf } from './distinct-pairs';
import { SeedData } from './seed-data';
import { SEED_BATCH_ROWS, SeedRepository, type SeedArticleRow } from './seed.repository';

/** Every seeded user's password: the data is for benchmarks and demos, and says so. */
export const SEED_PASSWORD = 'password123';

export interface SeedCounts {
  users: number;
  articles: number;
  favorites: number;
  follows: number;
  tags: number;
  seed: number;
}

export interface SeedReport {
  users: number;
  articles: number;
  tags: number;
  articleTags: number;
  favorites: number;
  follows: number;
  password: string;
}

function countErrors(counts: SeedCounts): FieldErrors {
  const errors: FieldErrors = {};
  if (counts.articles > 0 && counts.users === 0) {
    errors.articles = ['need at least one user to write them'];
  }
  const favoritePairs = counts.users * counts.articles;
  if (counts.favorites > favoritePairs) {
    errors.favorites = [`cannot exceed users × articles (${favoritePairs})`];
  }
  const followPairs = counts.users * Math.max(counts.users - 1, 0);
  if (counts.follows > followPairs) {
    errors.follows = [`cannot exceed users × (users - 1) (${followPairs})`];
  }
  return errors;
}

/** What the articles are inserted with, and the ids they get. */
interface ArticlePlan {
  data: SeedData;
  count: number;
  userIds: readonly number[];
  tagIds: readonly number[];
  favoritesOf: Uint32Array;
}

/**
 * Bulk data for benchmarks and demos: users, articles with tags, favorites and follows, in one
 * transaction (all or nothing). The data is not made of user actions, so no domain events are
 * recorded; article_totals follows through its triggers. Using a --seed already used in the
 * database is a conflict.
 */
@Injectable()
export class SeedService {
  constructor(
    private readonly seeds: SeedRepository,
    private readonly passwords: PasswordHasher,
    private readonly tx: TransactionRunner,
    private readonly cache: AppCache,
  ) {}

  async seed(counts: SeedCounts): Promise<SeedReport> {
    const errors = countErrors(counts);
    if (Object.keys(errors).length > 0) throw invalid(errors);
    const data = new SeedData(counts.seed);
    const users = data.users(counts.users);
    const tagNames = data.tagNames(counts.tags);
    // The pairs are distinct by construction, so counting them here gives each article its
    // final favorites_count at insert: an UPDATE afterwards would rewrite every favorited row
    // (about a fifth of the whole seed's time at 100k articles).
    const favorites = distinctPairs(
      counts.favorites,
      counts.users,
      counts.articles,
      data.randomInt,
    );
    const favoritesOf = new Uint32Array(counts.articles);
    for (const [, article] of favorites) favoritesOf[article] += 1;
    const follows = distinctPairsWithoutSelf(counts.follows, counts.users, data.randomInt);
    // One hash for everyone: argon2id is slow on purpose, thousands would take minutes.
    const passwordHash = await this.passwords.hash(SEED_PASSWORD);
    const report = await this.tx.run(async (em) => {
      await this.seeds.allowLongStatements(em);
      const usernames = users.map((user) => user.username);
      if (users.length > 0 && (await this.seeds.countTakenUsernames(em, usernames)) > 0) {
        throw conflict('seed');
      }
      const userIds = await this.seeds.insertUsers(em, users, passwordHash);
      const tagIds = await this.seeds.ensureTags(em, tagNames);
      const plan = { data, count: counts.articles, userIds, tagIds, favoritesOf };
      const { articleIds, articleTags } = await this.insertArticles(em, plan);
      await this.seeds.insertFavorites(
        em,
        favorites.map(([user, article]) => [userIds[user], articleIds[article]] as const),
      );
      await this.seeds.insertFollows(
        em,
        follows.map(([follower, followed]) => [userIds[follower], userIds[followed]] as const),
      );
      return {
        users: userIds.length,
        articles: articleIds.length,
        tags: tagIds.length,
        articleTags,
        favorites: favorites.length,
        follows: follows.length,
        password: SEED_PASSWORD,
      };
    });
    // After the commit, in a transaction of its own: ANALYZE must see the committed rows, and
    // the statement timeout meant for requests could cut it short on large tables.
    await this.tx.run(async (em) => {
      await this.seeds.allowLongStatements(em);
      await this.seeds.analyzeSeededTables(em);
    });
    // Article lists and the popular tags have changed for every reader.
    await this.cache.invalidate(LISTS_SCOPE, TAGS_SCOPE);
    return report;
  }

  /** Generated a batch at a time, so memory holds one batch of bodies, not all of them. */
  private async insertArticles(
    em: EntityManager,
    plan: ArticlePlan,
  ): Promise<{ articleIds: number[]; articleTags: number }> {
    const { data, userIds, tagIds } = plan;
    const articleIds: number[] = [];
    let articleTags = 0;
    const now = new Date();
    for (let start = 0; start < plan.count; start += SEED_BATCH_ROWS) {
      const batch: SeedArticleRow[] = [];
      const tagsOfBatch: number[][] = [];
      for (let index = start; index < Math.min(start + SEED_BATCH_ROWS, plan.count); index++) {
        const author = userIds[data.randomInt(userIds.length - 1)];
        batch.push(data.article(index, author, plan.favoritesOf[index], now));
        tagsOfBatch.push(data.tagsOfArticle(tagIds.length));
      }
      const ids = await this.seeds.insertArticles(em, batch);
      const links = ids.flatMap((articleId, i) =>
        tagsOfBatch[i].map((tag) => [articleId, tagIds[tag]] as const),
      );
      await this.seeds.insertArticleTags(em, links);
      articleTags += links.length;
      articleIds.push(...ids);
    }
    return { articleIds, articleTags };
  }
}
