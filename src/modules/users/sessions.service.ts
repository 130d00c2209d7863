import { Injectable } from '@nestjs/common';
import { unauthenticated } from '../../common/errors/domain-error';
import { TokenService } from '../../infrastructure/auth/token.service';
import { TransactionRunner } from '../../infrastructure/database/transaction-runner';
import { RefreshTokens } from './refresh-tokens';
import { toUserView, type UserView } from './user-view';
import { UsersRepository, type Account } from './users.repository';

type Rotation =
  | { kind: 'rotated'; account: Account; familyId: string; refreshToken: string }
  | { kind: 'invalid' }
  | { kind: 'reused' };

/**
 * Sessions that can end: a refresh token renews the short-lived access token and is spent by
 * it (rotation); a spent token presented again means it was copied, so its whole family (the
 * session) is revoked, the newest token included; logout revokes the family.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly refreshTokens: RefreshTokens,
    private readonly users: UsersRepository,
    private readonly tokens: TokenService,
    private readonly tx: TransactionRunner,
  ) {}

  /**
   * Two rotations of one token at once queue on its row: the first rotates, the second finds
   * it spent and revokes the family (it cannot tell a retry from a thief), so both end there.
   */
  async refresh(refreshToken: string): Promise<UserView> {
    // The revocation of a reused token's family must commit: the outcome is returned, not thrown.
    const rotation = await this.tx.run(async (em): Promise<Rotation> => {
      const presented = await this.refreshTokens.find(em, refreshToken);
      if (!presented || presented.familyRevoked || presented.expired) return { kind: 'invalid' };
      if (presented.spent) {
        await this.refreshTokens.revokeFamily(em, presented.familyId);
        return { kind: 'reused' };
      }
      const account = await this.users.lockAccount(em, presented.userId);
      if (!account) return { kind: 'invalid' };
      const next = await this.refreshTokens.rotate(em, refreshToken, presented.familyId);
      return { kind: 'rotated', account, familyId: presented.familyId, refreshToken: next };
    });
    if (rotation.kind === 'reused') {
      throw unauthenticated('refreshToken', 'was already used: its session is revoked');
    }
    if (rotation.kind === 'invalid') throw unauthenticated('refreshToken', 'is invalid');
    const { account, familyId } = rotation;
    const token = await this.tokens.issue({
      userId: account.id,
      tokenVersion: account.tokenVersion,
      sessionId: familyId,
    });
    return toUserView(account, token, rotation.refreshToken);
  }

  /** Ends the caller's session of this refresh token: none of its tokens refreshes again. */
  async logout(userId: number, refreshToken: string): Promise<void> {
    const ended = await this.tx.run(async (em) => {
      const presented = await this.refreshTokens.find(em, refreshToken);
      if (!presented || presented.userId !== userId) return false;
      await this.refreshTokens.revokeFamily(em, presented.familyId);
      return true;
    });
    if (!ended) throw unauthenticated('refreshToken', 'is invalid');
  }
}
