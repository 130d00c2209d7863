import { Injectable } from '@nestjs/common';
import { unauthenticated } from '../../common/errors/domain-error';
import { PasswordHasher } from '../../infrastructure/auth/password-hasher';
import { AppCache } from '../../infrastructure/cache/app-cache';
import {
  LISTS_SCOPE,
  tokenVersionEntry,
  userScope,
  usernameScope,
} from '../../infrastructure/cache/cache-entries';
import { TokenService } from '../../infrastructure/auth/token.service';
import { TransactionRunner } from '../../infrastructure/database/transaction-runner';
import { EventOutbox } from '../../infrastructure/events/event-outbox';
import type { TokenVersions } from '../../common/guards/token-versions';
import { toUserView, type UserView } from './user-view';
import { UsersRepository, type Account, type UserChanges } from './users.repository';

export interface Registration {
  username: string;
  email: string;
  password: string;
}

export interface Credentials {
  email: string;
  password: string;
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
export class UsersService implements TokenVersions {
  constructor(
    private readonly users: UsersRepository,
    private readonly passwords: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly cache: AppCache,
    private readonly tx: TransactionRunner,
    private readonly events: EventOutbox,
  ) {}

  /** The account and its user.registered event (the welcome email's trigger) commit together. */
  async register(registration: Registration): Promise<UserView> {
    const passwordHash = await this.passwords.hash(registration.password);
    const user = await this.tx.run(async (em) => {
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
      return created;
    });
    // A new account starts at token version 0 (the column's default).
    return toUserView(user, await this.tokens.issue({ userId: user.id, tokenVersion: 0 }));
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
    return toUserView(
      user,
      await this.tokens.issue({ userId: user.id, tokenVersion: user.tokenVersion }),
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
   * password revokes every token issued before it, the caller's included: the answer carries
   * a fresh one.
   */
  async update(userId: number, token: string, changes: AccountChanges): Promise<UserView> {
    const row: UserChanges = {};
    if (changes.email !== undefined) row.email = changes.email;
    if (changes.username !== undefined) row.username = changes.username;
    // Hashing is slow on purpose: done before the transaction, so the row is not locked meanwhile.
    if (changes.password !== undefined)
      row.passwordHash = await this.passwords.hash(changes.password);
    if (changes.bio !== undefined) row.bio = emptyToNull(changes.bio);
    if (changes.image !== undefined) row.image = emptyToNull(changes.image);
    const { before, updated } = await this.tx.run(async (em) => {
      const locked = await this.users.lockAccount(em, userId);
      if (!locked) throw unauthenticated('token', 'is invalid');
      const saved = await this.users.update(em, userId, row);
      if (!saved) throw unauthenticated('token', 'is invalid');
      return { before: locked, updated: saved };
    });
    if (Object.keys(row).length > 0) {
      await this.cache.invalidate(
        userScope(userId),
        usernameScope(before.username),
        usernameScope(updated.username),
        LISTS_SCOPE,
      );
    }
    return toUserView(updated, await this.tokenAfter(before, updated, token));
  }

  /** The user's current token version (cached in the user's scope); undefined once deleted. */
  async currentTokenVersion(userId: number): Promise<number | undefined> {
    const found = await this.cache.getOrLoad(tokenVersionEntry(userId), async () => {
      const tokenVersion = await this.users.findTokenVersion(userId);
      return tokenVersion === null ? null : { tokenVersion };
    });
    return found?.tokenVersion;
  }

  /** The caller's token while it stays valid; a new one when the update revoked it. */
  private async tokenAfter(before: Account, updated: Account, token: string): Promise<string> {
    return updated.tokenVersion === before.tokenVersion
      ? token
      : this.tokens.issue({ userId: updated.id, tokenVersion: updated.tokenVersion });
  }
}
