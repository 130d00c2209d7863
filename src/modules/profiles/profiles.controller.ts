import { ConditionalGet } from '../../common/decorators/conditional-get.decorator';
import { Idempotent } from '../../common/decorators/idempotent.decorator';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import { ProfileResponse } from './dto/profile.response';
import { Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CurrentUser, Viewer } from '../../common/decorators/current-user.decorator';
import { Public } from '../../common/decorators/public.decorator';
import type { AuthenticatedUser } from '../../common/guards/authenticated-user';
import type { ProfileView } from './profile-view';
import { ProfilesService } from './profiles.service';

@ApiTags('Profile')
@Controller('profiles/:username')
export class ProfilesController {
  constructor(private readonly profiles: ProfilesService) {}

  @Public()
  @Get()
  @ConditionalGet()
  @ApiOperation({ operationId: 'GetProfileByUsername', summary: "A user's profile" })
  @ApiOkResponse({ type: ProfileResponse })
  @ApiErrors(401, 404, 422)
  async get(
    @Param('username') username: string,
    @Viewer() viewer: AuthenticatedUser | undefined,
  ): Promise<{ profile: ProfileView }> {
    return { profile: await this.profiles.get(username, viewer?.id) };
  }

  @Post('follow')
  @Idempotent()
  @HttpCode(200)
  @ApiOperation({ operationId: 'FollowUserByUsername', summary: 'Follow a user' })
  @ApiOkResponse({ type: ProfileResponse })
  @ApiErrors(401, 404, 422)
  async follow(
    @Param('username') username: string,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<{ profile: ProfileView }> {
    return { profile: await this.profiles.follow(username, caller.id) };
  }

  @Delete('follow')
  @ApiOperation({ operationId: 'UnfollowUserByUsername', summary: 'Unfollow a user' })
  @ApiOkResponse({ type: ProfileResponse })
  @ApiErrors(401, 404, 422)
  async unfollow(
    @Param('username') username: string,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<{ profile: ProfileView }> {
    return { profile: await this.profiles.unfollow(username, caller.id) };
  }
}
