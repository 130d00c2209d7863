import { Throttle } from '@nestjs/throttler';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { Public } from '../../common/decorators/public.decorator';
import type { AuthenticatedUser } from '../../common/guards/authenticated-user';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import { RefreshTokenRequest } from './dto/refresh-token.request';
import { UserResponse } from './dto/user.response';
import { SessionsService } from './sessions.service';
import type { UserView } from './user-view';

/** Renewing and ending sessions with refresh tokens. */
@ApiTags('User and Authentication')
@Controller('users')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Public()
  @Throttle({ auth: {} })
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'RefreshToken',
    summary: 'A new access token and refresh token; the presented refresh token is spent',
  })
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors(401, 422)
  async refresh(@Body() request: RefreshTokenRequest): Promise<{ user: UserView }> {
    return { user: await this.sessions.refresh(request.refreshToken) };
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'Logout',
    summary: 'End the session of this refresh token (its access tokens expire on their own)',
  })
  @ApiNoContentResponse({ description: 'Ended' })
  @ApiErrors(401, 422)
  async logout(
    @Body() request: RefreshTokenRequest,
    @CurrentUser() caller: AuthenticatedUser,
  ): Promise<void> {
    await this.sessions.logout(caller.id, request.refreshToken);
  }
}
