import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNotEmpty, IsObject, IsString, MaxLength, ValidateNested } from 'class-validator';
import { BLANK, INVALID, tooLong } from '../../../common/validation/messages';
import { PASSWORD_MAX } from './user-fields';

export class LoginUser {
  @ApiProperty({ minLength: 1, maxLength: 255, example: 'jake@jake.jake' })
  @MaxLength(255, { message: tooLong(255) })
  @IsString({ message: INVALID })
  @IsNotEmpty({ message: BLANK })
  email: string;

  // No strength rules at login: a wrong password is just wrong.
  @ApiProperty({ minLength: 1, maxLength: PASSWORD_MAX, format: 'password' })
  @MaxLength(PASSWORD_MAX, { message: tooLong(PASSWORD_MAX) })
  @IsString({ message: INVALID })
  @IsNotEmpty({ message: BLANK })
  password: string;
}

/** POST /api/users/login */
export class LoginUserRequest {
  @ApiProperty({ type: LoginUser })
  @ValidateNested()
  @Type(() => LoginUser)
  @IsObject({ message: BLANK })
  user: LoginUser;
}
