import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { BLANK, INVALID, tooLong } from '../../../common/validation/messages';
import { EmailField, NewPasswordField, UsernameField } from './user-fields';

export class UserUpdate {
  @EmailField(true)
  email?: string;

  @UsernameField(true)
  username?: string;

  @NewPasswordField(true)
  password?: string;

  /** null or "" clears it. */
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 5000 })
  @IsOptional()
  @MaxLength(5000, { message: tooLong(5000) })
  @IsString({ message: INVALID })
  bio?: string | null;

  /** An image URL; null or "" clears it. */
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 2048 })
  @IsOptional()
  @MaxLength(2048, { message: tooLong(2048) })
  @IsString({ message: INVALID })
  image?: string | null;
}

/** PUT /api/user */
export class UpdateUserRequest {
  @ApiProperty({
    type: UserUpdate,
    description: 'Only the fields given change; null or "" clears `bio` and `image`',
  })
  @ValidateNested()
  @Type(() => UserUpdate)
  @IsObject({ message: BLANK })
  user: UserUpdate;
}
