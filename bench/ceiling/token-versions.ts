import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import { tokenVersionKey } from './keys';

/**
 * AuthenticationGuard checks that a token was issued under the user's current token version
 * (UsersService.currentTokenVersion: cached, UsersRepository.findTokenVersion on a miss). The
 * ceiling does the same with one Redis GET, when the schema has the column: a database from
 * before that migration has no versions to check.
 */
export class TokenVersions {
  private constructor(
    private readonly pool: Pool,
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
    readonly enabled: boolean,
  ) {}

  static async create(
    pool: Pool,
    redis: Redis,
    prefix: string,
    ttlSeconds: number,
  ): Promise<TokenVersions> {
    const found = await pool.query(
      `SELECT 1 FROM information_schema.columns
       WHERE table_schema = current_schema() AND table_name = 'users' AND column_name = 'token_version'`,
    );
    return new TokenVersions(pool, redis, prefix, ttlSeconds, found.rowCount === 1);
  }

  /** The user's current token version; undefined when the user does not exist. */
  async current(userId: number): Promise<number | undefined> {
    const key = tokenVersionKey(this.prefix, userId);
    const cached = await this.redis.get(key);
    if (cached !== null) return Number(cached);
    // UsersRepository.findTokenVersion(): TypeORM's findOne({ select: tokenVersion, where: id }).
    const result = await this.pool.query<{ token_version: number }>(
      `SELECT token_version FROM users WHERE id = $1 LIMIT 1`,
      [userId],
    );
    const version = result.rows[0]?.token_version;
    if (version === undefined) return undefined;
    await this.redis.set(key, String(version), 'EX', this.ttlSeconds);
    return version;
  }
}
