import { Injectable } from '@nestjs/common';
import { unauthenticated } from '../../common/errors/domain-error';
import { PasswordHasher } from '../../infrastructure/auth/password-hasher';
import { AppCache } from '../../infrastructure/cache/app-cache';
import { LISTS_SCOPE, userScope, usernameScope } from '../../infrastructure/cache/cache-entries';
import { TokenService } from '../../infrastructure/auth/token.service';
import { TransactionRunner } from '../../infrastructure/database/transaction-runner';
import { EventOutbox } from '../../infrastructure/events/event-outbox';
import type { UserEntity } from './user.entity';
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
export class UsersService {
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
    return toUserView(user, await this.tokens.issue(user.id));
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
    return toUserView(user, await this.tokens.issue(user.id));
  }

  async current(userId: number, token: string): Promise<UserView> {
    return toUserView(await this.existing(userId), token);
  }

  /** Invalidates what embeds this user (profile, author of articles, anonymous lists) after the update. */
  async update(userId: number, token: string, changes: AccountChanges): Promise<UserView> {
    const before = await this.existing(userId);
    const row: UserChanges = {};
    if (changes.email !== undefined) row.email = changes.email;
    if (changes.username !== undefined) row.username = changes.username;
    if (changes.password !== undefined)
      row.passwordHash = await this.passwords.hash(changes.password);
    if (changes.bio !== undefined) row.bio = emptyToNull(changes.bio);
    if (changes.image !== undefined) row.image = emptyToNull(changes.image);
    const updated = await this.users.update(userId, row);
    if (!updated) throw unauthenticated('token', 'is invalid');
    if (Object.keys(row).length > 0) {
      await this.cache.invalidate(
        userScope(userId),
        usernameScope(before.username),
        usernameScope(updated.username),
        LISTS_SCOPE,
      );
    }
    return toUserView(updated, token);
  }

  /** A valid token whose user has since been deleted is no longer valid. */
  private async existing(userId: number): Promise<UserEntity> {
    const user = await this.users.findById(userId);
    if (!user) throw unauthenticated('token', 'is invalid');
    return user;
  }
}
