import { Command, Help, Option } from 'nest-commander';
import { DomainError } from '../common/errors/domain-error';
import { SeedService, SEED_PASSWORD, type SeedCounts } from '../modules/seed/seed.service';
import { CliCommand } from './cli-command';
import { CliFailure } from './cli-failure';
import { formatTable, print } from './output';
import { parseWholeNumber } from './whole-number';

/** Beyond these, generating the data in memory stops being a quick command. */
const MAX_USERS = 1_000_000;
const MAX_ROWS = 10_000_000;
const MAX_TAGS = 10_000;
const MAX_SEED = 1_000_000_000;

const NOTES = `
Notes:
  Everything is inserted in one transaction: on any failure nothing is kept.
  Every seeded user's password is "${SEED_PASSWORD}" (hashed once, shared by all).
  No domain events are recorded: this is bulk data, not user actions (no welcome
  emails, no analytics counters).
  The same --seed and counts give the same usernames, titles, slugs, tags and pairs;
  usernames, emails and slugs end in the seed and an index, so runs with different
  seeds add up. Running again with a --seed already used in the database fails
  (exit 1) and changes nothing.`;

@Command({
  name: 'seed',
  description: 'Bulk-insert generated users, articles, tags, favorites and follows',
})
export class SeedCommand extends CliCommand {
  constructor(private readonly seeds: SeedService) {
    super();
  }

  async run(_arguments: string[], counts: SeedCounts): Promise<void> {
    const started = performance.now();
    const report = await this.seeds.seed(counts).catch((error: unknown) => {
      if (
        error instanceof DomainError &&
        error.detail.kind === 'conflict' &&
        error.detail.field === 'seed'
      ) {
        throw new CliFailure(
          `--seed ${counts.seed} was already used in this database (its users exist); nothing was changed. Pass another --seed.`,
        );
      }
      throw error;
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    print(
      `Seeded in ${seconds} s (seed ${counts.seed}):`,
      formatTable(
        ['', 'rows'],
        [
          ['users', String(report.users)],
          ['articles', String(report.articles)],
          ['tags', String(report.tags)],
          ['article tags', String(report.articleTags)],
          ['favorites', String(report.favorites)],
          ['follows', String(report.follows)],
        ],
      ),
      `Every seeded user's password: ${report.password}`,
    );
  }

  @Option({ flags: '--users <n>', description: 'users to create', required: true })
  parseUsers(value: string): number {
    return parseWholeNumber(value, 0, MAX_USERS);
  }

  @Option({ flags: '--articles <n>', description: 'articles to create', required: true })
  parseArticles(value: string): number {
    return parseWholeNumber(value, 0, MAX_ROWS);
  }

  @Option({
    flags: '--favorites <n>',
    description: 'distinct (user, article) favorites, at most users × articles',
    required: true,
  })
  parseFavorites(value: string): number {
    return parseWholeNumber(value, 0, MAX_ROWS);
  }

  @Option({
    flags: '--follows <n>',
    description: 'distinct follows between seeded users (never oneself)',
    required: true,
  })
  parseFollows(value: string): number {
    return parseWholeNumber(value, 0, MAX_ROWS);
  }

  @Option({
    flags: '--tags <n>',
    description: 'tags to draw from (each article gets 0 to 3)',
    defaultValue: 20,
  })
  parseTags(value: string): number {
    return parseWholeNumber(value, 0, MAX_TAGS);
  }

  @Option({
    flags: '--seed <n>',
    description: 'random seed: the same seed gives the same data',
    defaultValue: 1,
  })
  parseSeed(value: string): number {
    return parseWholeNumber(value, 0, MAX_SEED);
  }

  @Help('after')
  notes(): string {
    return NOTES;
  }
}
