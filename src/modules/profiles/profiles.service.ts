import { Injectable } from '@nestjs/common';
import { notFound } from '../../common/errors/domain-error';
import type { UserEntity } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { FollowsRepository } from './follows.repository';
import { toProfileView, type ProfileView } from './profile-view';

@Injectable()
export class ProfilesService {
  constructor(
    private readonly users: UsersRepository,
    private readonly follows: FollowsRepository,
  ) {}

  async get(username: string, viewerId: number | undefined): Promise<ProfileView> {
    const user = await this.existing(username);
    const following =
      viewerId !== undefined &&
      (await this.follows.followedAmong(viewerId, [user.id])).has(user.id);
    return toProfileView(user, following);
  }

  async follow(username: string, followerId: number): Promise<ProfileView> {
    const user = await this.existing(username);
    await this.follows.follow(followerId, user.id);
    return toProfileView(user, true);
  }

  async unfollow(username: string, followerId: number): Promise<ProfileView> {
    const user = await this.existing(username);
    await this.follows.unfollow(followerId, user.id);
    return toProfileView(user, false);
  }

  private async existing(username: string): Promise<UserEntity> {
    const user = await this.users.findByUsername(username);
    if (!user) throw notFound('profile');
    return user;
  }
}
