import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A refresh token as rotation finds it, its family locked with it. */
export interface PresentedRefreshToken {
  familyId: string;
  userId: number;
  spent: boolean;
  expired: boolean;
  familyRevoked: boolean;
}

/** refresh_token_families and refresh_tokens: every query, parameterised. */
@Injectable()
export class RefreshTokensRepository {
  async createFamily(em: EntityManager, familyId: string, userId: number): Promise<void> {
    await em.query(`INSERT INTO refresh_token_families (id, user_id) VALUES ($1, $2)`, [
      familyId,
      userId,
    ]);
  }

  async addToken(
    em: EntityManager,
    familyId: string,
    tokenHash: string,
    ttlSeconds: number,
  ): Promise<void> {
    await em.query(
      `INSERT INTO refresh_tokens (token_hash, family_id, expires_at)
       VALUES ($1, $2, now() + make_interval(secs => $3))`,
      [tokenHash, familyId, ttlSeconds],
    );
  }

  /** Finds the token and locks it and its family: concurrent rotations of one token queue. */
  async lockPresented(em: EntityManager, tokenHash: string): Promise<PresentedRefreshToken | null> {
    const rows = await em.query<
      {
        family_id: string;
        user_id: number;
        spent: boolean;
        expired: boolean;
        family_revoked: boolean;
      }[]
    >(
      `SELECT t.family_id, f.user_id, t.spent_at IS NOT NULL AS spent,
              t.expires_at <= now() AS expired, f.revoked_at IS NOT NULL AS family_revoked
         FROM refresh_tokens t JOIN refresh_token_families f ON f.id = t.family_id
        WHERE t.token_hash = $1
          FOR UPDATE OF t, f`,
      [tokenHash],
    );
    const row = rows[0];
    return row
      ? {
          familyId: row.family_id,
          userId: row.user_id,
          spent: row.spent,
          expired: row.expired,
          familyRevoked: row.family_revoked,
        }
      : null;
  }

  async spend(em: EntityManager, tokenHash: string): Promise<void> {
    await em.query(`UPDATE refresh_tokens SET spent_at = now() WHERE token_hash = $1`, [tokenHash]);
  }

  async revokeFamily(em: EntityManager, familyId: string): Promise<void> {
    await em.query(
      `UPDATE refresh_token_families SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`,
      [familyId],
    );
  }

  async revokeAllOf(em: EntityManager, userId: number): Promise<void> {
    await em.query(
      `UPDATE refresh_token_families SET revoked_at = now()
        WHERE user_id = $1 AND revoked_at IS NULL`,
      [userId],
    );
  }
}
