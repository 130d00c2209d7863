import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { conflict } from '../../common/errors/domain-error';
import { violatedUniqueConstraint } from '../../infrastructure/database/postgres-errors';
import type { Author } from '../profiles/author';
import { UserEntity } from './user.entity';

const AUTHOR_FIELDS = { id: true, username: true, bio: true, image: true } as const;

export type NewUserRow = Pick<UserEntity, 'email' | 'username' | 'passwordHash'>;
export type UserChanges = Partial<
  Pick<UserEntity, 'email' | 'username' | 'passwordHash' | 'bio' | 'image'>
>;

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

  findById(id: number): Promise<UserEntity | null> {
    return this.users().findOneBy({ id });
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

  /** Applies the changes and returns the updated row, or null when the user is gone. */
  async update(id: number, changes: UserChanges): Promise<UserEntity | null> {
    if (Object.keys(changes).length > 0) {
      try {
        await this.users().update({ id }, changes);
      } catch (error) {
        rethrowAsConflict(error);
      }
    }
    return this.findById(id);
  }
}
