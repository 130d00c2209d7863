import { Injectable } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { unauthenticated } from '../../common/errors/domain-error';
import { PasswordHasher } from '../../infrastructure/auth/password-hasher';
import { AppCache } from '../../infrastructure/cache/app-cache';
import {
  articleScope,
  LISTS_SCOPE,
  sessionStateEntry,
  userScope,
  usernameScope,
} from '../../infrastructure/cache/cache-entries';
import { TokenService } from '../../infrastructure/auth/token.service';
import { TransactionRunner } from '../../infrastructure/database/transaction-runner';
import { EventOutbox } from '../../infrastructure/events/event-outbox';
import type { TokenValidity } from '../../common/guards/token-validity';
import { RefreshTokens } from './refresh-tokens';
import { toUserView, type UserView } from './user-view';
import { UsersRepository, type UserChanges } from './users.repository';

export interface Registration {
  username: string;
  email: string;
  password: string;
}

export interface Credentials {
  email: string;
  password: string;
}

/** The caller of an account change: the token it came with, and that token's session. */
export interface CallerSession {
  token: string;
  sessionId: string | undefined;
}

export interface AccountChanges {
  email?: string;
  username?: string;
  password?: string;
  bio?: string | null;
  image?: string | null;
}

/** "" and null both mean "no value" for optional profile text. */
const emptyToNull = (value: string | null): string | null => (value === '' ? null : value);

@Injectable()
export class UsersService implements TokenValidity {
  constructor(
    private readonly users: UsersRepository,
    private readonly passwords: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly cache: AppCache,
    private readonly tx: TransactionRunner,
    private readonly events: EventOutbox,
    private readonly refreshTokens: RefreshTokens,
    @InjectPinoLogger(UsersService.name) private readonly logger: PinoLogger,
  ) {}

  /** The account and its user.registered event (the welcome email's trigger) commit together. */
  async register(registration: Registration): Promise<UserView> {
    const passwordHash = await this.passwords.hash(registration.password);
    // A new account starts at token version 0 (the column's default), in a new session.
    const sessionId = this.tokens.newSessionId();
    const { user, refreshToken } = await this.tx.run(async (em) => {
      const created = await this.users.create(em, {
        username: registration.username,
        email: registration.email,
        passwordHash,
      });
      await this.events.record(em, 'user.registered', {
        userId: created.id,
        username: created.username,
        email: created.email,
      });
      return {
        user: created,
        refreshToken: await this.refreshTokens.start(em, sessionId, created.id),
      };
    });
    // Inside a request, the line carries its req.id (nestjs-pino's per-request logger).
    this.logger.info({ userId: user.id }, 'user registered');
    return toUserView(
      user,
      await this.tokens.issue({ userId: user.id, tokenVersion: 0, sessionId }),
      refreshToken,
    );
  }

  /**
   * Unknown email and wrong password fail alike, in body and in time: an unknown email
   * still costs one password verification.
   */
  async login(credentials: Credentials): Promise<UserView> {
    const user = await this.users.findByEmail(credentials.email);
    const matches = user
      ? await this.passwords.matches(user.passwordHash, credentials.password)
      : await this.passwords.spendOneVerification(credentials.password);
    if (!user || !matches) throw unauthenticated('credentials', 'invalid');
    const sessionId = this.tokens.newSessionId();
    const refreshToken = await this.tx.run((em) =>
      this.refreshTokens.start(em, sessionId, user.id),
    );
    return toUserView(
      user,
      await this.tokens.issue({ userId: user.id, tokenVersion: user.tokenVersion, sessionId }),
      refreshToken,
    );
  }

  async current(userId: number, token: string): Promise<UserView> {
    const account = await this.users.findAccountById(userId);
    // A valid token whose user has since been deleted is no longer valid.
    if (!account) throw unauthenticated('token', 'is invalid');
    return toUserView(account, token);
  }

  /**
   * Checks and writes in one transaction (the row is locked from the read to the write), then
   * invalidates what embeds this user (profile, author of articles, anonymous lists). A new
   * password signs out every other session (their tokens are refused from then on) and
   * revokes every refresh token family of the user; the caller's session goes on, and the
   * answer carries a token of the new version and a refresh token of a new family.
   */
  async update(userId: number, caller: CallerSession, changes: AccountChanges): Promise<UserView> {
    const row: UserChanges = {};
    if (changes.email !== undefined) row.email = changes.email;
    if (changes.username !== undefined) row.username = changes.username;
    // Hashing is slow on purpose: done before the transaction, so the row is not locked meanwhile.
    if (changes.password !== undefined)
      row.passwordHash = await this.passwords.hash(changes.password);
    if (changes.bio !== undefined) row.bio = emptyToNull(changes.bio);
    if (changes.image !== undefined) row.image = emptyToNull(changes.image);
    const { before, updated, refreshToken } = await this.tx.run(async (em) => {
      const locked = await this.users.lockAccount(em, userId);
      if (!locked) throw unauthenticated('token', 'is invalid');
      const saved = await this.users.update(em, userId, row, caller.sessionId);
      if (!saved) throw unauthenticated('token', 'is invalid');
      if (row.passwordHash === undefined) return { before: locked, updated: saved };
      await this.refreshTokens.revokeAllOf(em, userId);
      const renewed = await this.refreshTokens.start(em, this.tokens.newSessionId(), userId);
      return { before: locked, updated: saved, refreshToken: renewed };
    });
    if (Object.keys(row).length > 0) {
      // Cached articles show their author: a new username, bio or image reaches every copy.
      const showsInArticles =
        row.username !== undefined || row.bio !== undefined || row.image !== undefined;
      const articles = showsInArticles ? await this.users.articleSlugsOf(userId) : [];
      await this.cache.invalidate(
        userScope(userId),
        usernameScope(before.username),
        usernameScope(updated.username),
        LISTS_SCOPE,
        ...articles.map(articleScope),
      );
    }
    const token =
      updated.tokenVersion === before.tokenVersion
        ? caller.token
        : await this.tokens.issue({
            userId,
            tokenVersion: updated.tokenVersion,
            sessionId: caller.sessionId,
          });
    return toUserView(updated, token, refreshToken);
  }

  /**
   * A token is valid while its user exists, and it was issued under the current token version
   * or in the session that made the last password change. Answered from the shared cache (the
   * user's scope), so checking a token costs no database read once it is cached.
   */
  async isValid(
    userId: number,
    tokenVersion: number,
    sessionId: string | undefined,
  ): Promise<boolean> {
    const state = await this.cache.getOrLoad(sessionStateEntry(userId), () =>
      this.users.findSessionState(userId),
    );
    if (!state) return false;
    return (
      tokenVersion === state.tokenVersion ||
      (sessionId !== undefined && sessionId === state.keptSessionId)
    );
  }
}
