import { base, en, Faker } from '@faker-js/faker';
import { slugify } from '../articles/slug';
import { sampleDistinct } from './distinct-pairs';
import type { SeedArticleRow, SeedUserRow } from './seed.repository';

/** Bodies are drawn from this many paragraphs: generating one per article would cost seconds. */
const PARAGRAPH_POOL = 300;
const PARAGRAPHS_PER_BODY = 3;
const MAX_TAGS_PER_ARTICLE = 3;
const USERNAME_BASE_MAX = 30;
const YEAR_MS = 365 * 86_400_000;

/**
 * The seed's generated content, from faker seeded with --seed: the same seed and counts give
 * the same usernames, titles, slugs, tags and pairs (timestamps are relative to the run).
 * Usernames, emails and slugs end in the seed and the row's index, so runs with different
 * seeds never collide. Every draw comes from this one sequence, in a fixed order.
 */
export class SeedData {
  private readonly faker: Faker;
  private readonly paragraphs: string[];

  constructor(private readonly seed: number) {
    this.faker = new Faker({ locale: [en, base], seed });
    this.paragraphs = Array.from({ length: PARAGRAPH_POOL }, () => this.faker.lorem.paragraph());
  }

  /** A uniform integer from 0 to `max`, inclusive. */
  readonly randomInt = (max: number): number => this.faker.number.int({ min: 0, max });

  users(count: number): SeedUserRow[] {
    return Array.from({ length: count }, (_, index) => {
      const name = this.faker.internet
        .username()
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '.')
        .replace(/^\.+|\.+$/g, '')
        .slice(0, USERNAME_BASE_MAX);
      const username = `${name || 'user'}_s${this.seed}_${index}`;
      // example.com is reserved: seeded addresses can never reach a real inbox.
      return { username, email: `${username}@example.com` };
    });
  }

  /** `count` distinct tag names; tags are shared, so other seeds may reuse them. */
  tagNames(count: number): string[] {
    const names = new Set<string>();
    for (let attempt = 0; names.size < count; attempt++) {
      const noun = this.faker.word.noun().toLowerCase();
      // The word list runs dry long before a large --tags: number the rest.
      names.add(attempt < count * 4 ? noun : `${noun}-${names.size}`);
    }
    return [...names];
  }

  article(index: number, authorId: number, favoritesCount: number, now: Date): SeedArticleRow {
    const title = this.faker.company.catchPhrase();
    const body = Array.from(
      { length: PARAGRAPHS_PER_BODY },
      () => this.paragraphs[this.randomInt(PARAGRAPH_POOL - 1)],
    ).join('\n\n');
    return {
      slug: `${slugify(title)}-s${this.seed}-${index}`,
      title,
      description: this.faker.lorem.sentence(),
      body,
      authorId,
      favoritesCount,
      createdAt: new Date(now.getTime() - this.randomInt(YEAR_MS)),
    };
  }

  /** Indexes of 0 to 3 distinct tags out of `tagCount`. */
  tagsOfArticle(tagCount: number): number[] {
    const count = this.randomInt(Math.min(MAX_TAGS_PER_ARTICLE, tagCount));
    return sampleDistinct(count, tagCount, this.randomInt);
  }
}
