import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import { tokenVersionKey } from './keys';

/**
 * AuthenticationGuard checks that a token's session is still signed in (UsersService.isValid:
 * the user's token version and kept session, cached; UsersRepository.findSessionState on a
 * miss). The ceiling does the same work: one Redis GET, one query on a miss.
 */
export class TokenVersions {
  constructor(
    private readonly pool: Pool,
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
  ) {}

  /** Whether a token of `userId` issued under `tokenVersion` in `sessionId` is still valid. */
  async isValid(
    userId: number,
    tokenVersion: number,
    sessionId: string | undefined,
  ): Promise<boolean> {
    const key = tokenVersionKey(this.prefix, userId);
    let state = await this.redis.get(key);
    if (state === null) {
      // UsersRepository.findSessionState(): TypeORM's findOne({ select, where: id }).
      const result = await this.pool.query<{
        token_version: number;
        kept_session_id: string | null;
      }>(`SELECT token_version, kept_session_id FROM users WHERE id = $1 LIMIT 1`, [userId]);
      const row = result.rows[0];
      if (row === undefined) return false;
      state = `${row.token_version} ${row.kept_session_id ?? ''}`;
      await this.redis.set(key, state, 'EX', this.ttlSeconds);
    }
    const [version = '', kept = ''] = state.split(' ');
    return Number(version) === tokenVersion || (sessionId !== undefined && sessionId === kept);
  }
}
