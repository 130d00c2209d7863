import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';
import { BLANK } from '../../../common/validation/messages';
import { EmailField, NewPasswordField, UsernameField } from './user-fields';

export class NewUser {
  @UsernameField()
  username: string;

  @EmailField()
  email: string;

  @NewPasswordField()
  password: string;
}

/** POST /api/users */
export class RegisterUserRequest {
  @ApiProperty({ type: NewUser })
  @ValidateNested()
  @Type(() => NewUser)
  @IsObject({ message: BLANK })
  user: NewUser;
}
