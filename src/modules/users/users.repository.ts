import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { conflict } from '../../common/errors/domain-error';
import { violatedUniqueConstraint } from '../../infrastructure/database/postgres-errors';
import type { Author } from '../profiles/author';
import { UserEntity } from './user.entity';

const AUTHOR_FIELDS = { id: true, username: true, bio: true, image: true } as const;
/** Everything of an account but its password hash. */
const ACCOUNT_FIELDS = { ...AUTHOR_FIELDS, email: true, tokenVersion: true } as const;
/** What decides whether a user's tokens are still valid. */
const SESSION_FIELDS = { tokenVersion: true, keptSessionId: true } as const;

export type NewUserRow = Pick<UserEntity, 'email' | 'username' | 'passwordHash'>;
export type UserChanges = Partial<
  Pick<UserEntity, 'email' | 'username' | 'passwordHash' | 'bio' | 'image'>
>;
/** An account as its owner sees it: no password hash. */
export type Account = Pick<UserEntity, keyof typeof ACCOUNT_FIELDS>;
/** The token version, and the session that the last password change kept signed in. */
export type SessionState = Pick<UserEntity, keyof typeof SESSION_FIELDS>;

/** Which field a unique constraint of `users` protects, for the 409 body. */
const CONFLICTING_FIELD: Record<string, string> = {
  users_username_key: 'username',
  users_email_lower_key: 'email',
};

function rethrowAsConflict(error: unknown): never {
  const field = CONFLICTING_FIELD[violatedUniqueConstraint(error) ?? ''];
  if (field !== undefined) throw conflict(field);
  throw error;
}

@Injectable()
export class UsersRepository {
  constructor(private readonly dataSource: DataSource) {}

  private users(em: EntityManager = this.dataSource.manager) {
    return em.getRepository(UserEntity);
  }

  /** Inserts a user; a taken username or email (any letter case) becomes a conflict error. */
  async create(em: EntityManager, row: NewUserRow): Promise<UserEntity> {
    try {
      return await this.users(em).save(this.users(em).create(row));
    } catch (error) {
      return rethrowAsConflict(error);
    }
  }

  findAccountById(id: number): Promise<Account | null> {
    return this.users().findOne({ select: ACCOUNT_FIELDS, where: { id } });
  }

  /** Reads the account and locks its row for the rest of the transaction (an update). */
  lockAccount(em: EntityManager, id: number): Promise<Account | null> {
    return this.users(em).findOne({
      select: ACCOUNT_FIELDS,
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** What decides whether the user's tokens are valid; null when there is no such user. */
  findSessionState(id: number): Promise<SessionState | null> {
    return this.users().findOne({ select: SESSION_FIELDS, where: { id } });
  }

  /** The slugs of every article the user wrote: their cached copies show the author. */
  async articleSlugsOf(id: number): Promise<string[]> {
    const rows = await this.dataSource.query<{ slug: string }[]>(
      `SELECT slug FROM articles WHERE author_id = $1`,
      [id],
    );
    return rows.map((row) => row.slug);
  }

  /** Public data only (no email, no hash): what profiles and authors show, and what may be cached. */
  findAuthorById(id: number): Promise<Author | null> {
    return this.users().findOne({ select: AUTHOR_FIELDS, where: { id } });
  }

  findAuthorByUsername(username: string): Promise<Author | null> {
    return this.users().findOne({ select: AUTHOR_FIELDS, where: { username } });
  }

  /** Emails are unique whatever their case, so they are looked up that way too. */
  findByEmail(email: string): Promise<UserEntity | null> {
    return this.users()
      .createQueryBuilder('user')
      .where('lower(user.email) = lower(:email)', { email })
      .getOne();
  }

  /**
   * Applies the changes in the caller's transaction. A new password also moves the token version
   * on and keeps `sessionId` signed in: every other session's tokens become invalid. Returns the
   * account as it is now.
   */
  async update(
    em: EntityManager,
    id: number,
    changes: UserChanges,
    sessionId: string | undefined,
  ): Promise<Account | null> {
    const signOut =
      changes.passwordHash === undefined
        ? {}
        : { tokenVersion: () => 'token_version + 1', keptSessionId: sessionId ?? null };
    if (Object.keys(changes).length > 0) {
      try {
        await this.users(em).update({ id }, { ...changes, ...signOut });
      } catch (error) {
        rethrowAsConflict(error);
      }
    }
    return this.users(em).findOne({ select: ACCOUNT_FIELDS, where: { id } });
  }
}
