import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { Public } from '../../common/decorators/public.decorator';
import { StrictRateLimit } from '../../common/decorators/rate-limit.decorator';
import type { AuthenticatedUser } from '../../common/guards/authenticated-user';
import { LoginUserRequest } from './dto/login-user.request';
import { RegisterUserRequest } from './dto/register-user.request';
import { UpdateUserRequest } from './dto/update-user.request';
import type { UserView } from './user-view';
import { UsersService } from './users.service';

/** Registration, login and the caller's own account. */
@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Public()
  @StrictRateLimit()
  @Post('users')
  async register(@Body() request: RegisterUserRequest): Promise<{ user: UserView }> {
    return { user: await this.users.register(request.user) };
  }

  @Public()
  @StrictRateLimit()
  @Post('users/login')
  @HttpCode(200)
  async login(@Body() request: LoginUserRequest): Promise<{ user: UserView }> {
    return { user: await this.users.login(request.user) };
  }

  @Get('user')
  async current(@CurrentUser() caller: AuthenticatedUser): Promise<{ user: UserView }> {
    return { user: await this.users.current(caller.id, caller.token) };
  }

  @Put('user')
  async update(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() request: UpdateUserRequest,
  ): Promise<{ user: UserView }> {
    return { user: await this.users.update(caller.id, caller, request.user) };
  }
}
