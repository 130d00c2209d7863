import { Throttle } from '@nestjs/throttler';
import { Idempotent } from '../../common/decorators/idempotent.decorator';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/openapi/api-errors.decorator';
import { UserResponse } from './dto/user.response';
import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { Public } from '../../common/decorators/public.decorator';
import type { AuthenticatedUser } from '../../common/guards/authenticated-user';
import { LoginUserRequest } from './dto/login-user.request';
import { RegisterUserRequest } from './dto/register-user.request';
import { UpdateUserRequest } from './dto/update-user.request';
import type { UserView } from './user-view';
import { UsersService } from './users.service';

/** Registration, login and the caller's own account. */
@ApiTags('User and Authentication')
@Controller()
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Public()
  @Throttle({ auth: {} })
  @Post('users')
  @Idempotent()
  @ApiOperation({ operationId: 'CreateUser', summary: 'Register' })
  @ApiCreatedResponse({ type: UserResponse })
  @ApiErrors(409, 422)
  async register(@Body() request: RegisterUserRequest): Promise<{ user: UserView }> {
    return { user: await this.users.register(request.user) };
  }

  @Public()
  @Throttle({ auth: {} })
  @Post('users/login')
  @HttpCode(200)
  @ApiOperation({ operationId: 'Login', summary: 'Log in' })
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors(401, 422)
  async login(@Body() request: LoginUserRequest): Promise<{ user: UserView }> {
    return { user: await this.users.login(request.user) };
  }

  @Get('user')
  @ApiOperation({ operationId: 'GetCurrentUser', summary: 'The caller' })
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors(401, 422)
  async current(@CurrentUser() caller: AuthenticatedUser): Promise<{ user: UserView }> {
    return { user: await this.users.current(caller.id, caller.token) };
  }

  @Put('user')
  @ApiOperation({ operationId: 'UpdateCurrentUser', summary: "Change the caller's account" })
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors(401, 409, 422)
  async update(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() request: UpdateUserRequest,
  ): Promise<{ user: UserView }> {
    return { user: await this.users.update(caller.id, caller, request.user) };
  }
}
