import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import type { UserView } from '../user-view';

/** The `user` object as the API description shows it; `implements` keeps the two in step. */
@ApiSchema({ name: 'User' })
export class UserBody implements UserView {
  @ApiProperty({ example: 'jake@jake.jake' })
  email: string;

  @ApiProperty({ description: 'A JWT: send it back as `Authorization: Token <token>`' })
  token: string;

  @ApiProperty({ example: 'jake' })
  username: string;

  @ApiProperty({ type: String, nullable: true, example: 'I work at statefarm' })
  bio: string | null;

  @ApiProperty({ type: String, nullable: true, example: null })
  image: string | null;

  @ApiPropertyOptional({
    description:
      'From login, registration, refresh and a password change only: renews `token` at POST /api/users/refresh',
  })
  refreshToken?: string;
}

@ApiSchema({ name: 'UserResponse' })
export class UserResponse {
  @ApiProperty({ type: UserBody })
  user: UserBody;
}
