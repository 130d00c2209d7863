import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { authConfig, type AuthConfig } from '../../config/auth.config';
import { RefreshTokensRepository, type PresentedRefreshToken } from './refresh-tokens.repository';

/** Only a hash is stored: a leaked table holds no usable token (256 random bits need no salt). */
const hashOf = (token: string): string => createHash('sha256').update(token).digest('hex');

/** The opaque refresh tokens of sessions: made, found, spent and revoked in a transaction. */
@Injectable()
export class RefreshTokens {
  constructor(
    private readonly repository: RefreshTokensRepository,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
  ) {}

  /** Starts a family (the session `familyId`) and answers its first token. */
  async start(em: EntityManager, familyId: string, userId: number): Promise<string> {
    await this.repository.createFamily(em, familyId, userId);
    return this.add(em, familyId);
  }

  /** The presented token, locked with its family; null for a token we never issued. */
  find(em: EntityManager, token: string): Promise<PresentedRefreshToken | null> {
    return this.repository.lockPresented(em, hashOf(token));
  }

  /** Spends the presented token and answers its successor in the same family. */
  async rotate(em: EntityManager, token: string, familyId: string): Promise<string> {
    await this.repository.spend(em, hashOf(token));
    return this.add(em, familyId);
  }

  revokeFamily(em: EntityManager, familyId: string): Promise<void> {
    return this.repository.revokeFamily(em, familyId);
  }

  revokeAllOf(em: EntityManager, userId: number): Promise<void> {
    return this.repository.revokeAllOf(em, userId);
  }

  private async add(em: EntityManager, familyId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.repository.addToken(em, familyId, hashOf(token), this.config.refreshTokenTtlSeconds);
    return token;
  }
}
