import { Injectable } from '@nestjs/common';
import { invalid, notFound } from '../../common/errors/domain-error';
import { AppCache } from '../../infrastructure/cache/app-cache';
import { profileEntry } from '../../infrastructure/cache/cache-entries';
import { TransactionRunner } from '../../infrastructure/database/transaction-runner';
import { EventOutbox } from '../../infrastructure/events/event-outbox';
import { UsersRepository } from '../users/users.repository';
import type { Author } from './author';
import { FollowsRepository } from './follows.repository';
import { toProfileView, type ProfileView } from './profile-view';

export const SELF_FOLLOW = 'is your own: you cannot follow yourself';

@Injectable()
export class ProfilesService {
  constructor(
    private readonly users: UsersRepository,
    private readonly follows: FollowsRepository,
    private readonly cache: AppCache,
    private readonly tx: TransactionRunner,
    private readonly events: EventOutbox,
  ) {}

  async get(username: string, viewerId: number | undefined): Promise<ProfileView> {
    const user = await this.existing(username);
    const following =
      viewerId !== undefined &&
      (await this.follows.followedAmong(viewerId, [user.id])).has(user.id);
    return toProfileView(user, following);
  }

  /**
   * Follows change no cached value: `following` is always computed for the viewer. Following
   * yourself is refused: it would put your own articles in your feed and show you as your own
   * follower (the table's CHECK holds the same rule). Unfollowing yourself changes nothing.
   */
  async follow(username: string, followerId: number): Promise<ProfileView> {
    const user = await this.existing(username);
    if (user.id === followerId) throw invalid({ username: [SELF_FOLLOW] });
    await this.tx.run(async (em) => {
      if (await this.follows.follow(em, followerId, user.id)) {
        await this.events.record(em, 'user.followed', { followerId, followedId: user.id });
      }
    });
    return toProfileView(user, true);
  }

  async unfollow(username: string, followerId: number): Promise<ProfileView> {
    const user = await this.existing(username);
    await this.tx.run(async (em) => {
      if (await this.follows.unfollow(em, followerId, user.id)) {
        await this.events.record(em, 'user.unfollowed', { followerId, followedId: user.id });
      }
    });
    return toProfileView(user, false);
  }

  private async existing(username: string): Promise<Author> {
    const user = await this.cache.getOrLoad(profileEntry(username), () =>
      this.users.findAuthorByUsername(username),
    );
    if (!user) throw notFound('profile');
    return user;
  }
}
