import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { ProfileView } from '../profile-view';

/** The `profile` object as the API description shows it; `implements` keeps the two in step. */
@ApiSchema({ name: 'Profile' })
export class ProfileBody implements ProfileView {
  @ApiProperty({ example: 'jake' })
  username: string;

  @ApiProperty({ type: String, nullable: true, example: 'I work at statefarm' })
  bio: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'https://i.stack.imgur.com/xHWG8.jpg' })
  image: string | null;

  @ApiProperty({ description: 'Whether the caller follows this user (false when anonymous)' })
  following: boolean;
}

@ApiSchema({ name: 'ProfileResponse' })
export class ProfileResponse {
  @ApiProperty({ type: ProfileBody })
  profile: ProfileBody;
}
