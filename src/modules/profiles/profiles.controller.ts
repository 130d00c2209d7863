import { Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CurrentUser, Viewer } from '../../common/decorators/current-user.decorator';
import { Public } from '../../common/decorators/public.decorator';
import type { AuthenticatedUser } from '../../common/guards/authenticated-user';
import type { ProfileView } from './profile-view';
import { ProfilesService } from './profiles.service';

@Controller('profiles/:username')
export class ProfilesController {
  constructor(private readonly profiles: ProfilesService) {}

  @Public()
  @Get()
  async get(
    @Param('username') username: string,
    @Viewer() viewer: AuthenticatedUser | undefined,
  ): Promise<{ profile: ProfileView }> {
    return { profile: await this.profiles.get(username, viewer?.id) };
  }

  @Post('follow')
  @HttpCode(200)
  async follow(
    @Param('username') username: string,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<{ profile: ProfileView }> {
    return { profile: await this.profiles.follow(username, caller.id) };
  }

  @Delete('follow')
  async unfollow(
    @Param('username') username: string,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<{ profile: ProfileView }> {
    return { profile: await this.profiles.unfollow(username, caller.id) };
  }
}
