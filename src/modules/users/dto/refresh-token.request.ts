import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { BLANK, INVALID, tooLong } from '../../../common/validation/messages';

/** Ours are 43 characters; anything much longer is not one of them. */
const REFRESH_TOKEN_MAX = 128;

/** POST /api/users/refresh and POST /api/users/logout */
export class RefreshTokenRequest {
  @ApiProperty({
    minLength: 1,
    maxLength: REFRESH_TOKEN_MAX,
    description: 'The `refreshToken` of the latest login, registration or refresh',
  })
  @MaxLength(REFRESH_TOKEN_MAX, { message: tooLong(REFRESH_TOKEN_MAX) })
  @IsString({ message: INVALID })
  @IsNotEmpty({ message: BLANK })
  refreshToken: string;
}
