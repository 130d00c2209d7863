import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import {
  IsEmail,
  IsNotEmpty,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { BLANK, INVALID, tooLong, tooShort } from '../../../common/validation/messages';

/** Letters, digits, `_`, `.` and `-`: usernames appear in URLs (/api/profiles/:username). */
const USERNAME_PATTERN = /^[\p{L}\p{N}_.-]+$/u;
export const PASSWORD_MIN = 8;
// NIST 800-63B: accept at least 64 characters; the cap only bounds hashing work.
export const PASSWORD_MAX = 256;

/**
 * A required field's checks in the order they are reported (the pipe stops at the first
 * failure per field). When `optional`, an absent field passes but null or "" do not.
 */
/** How the API description shows a string field. */
interface StringSchema {
  minLength?: number;
  maxLength: number;
  format?: string;
  description?: string;
  example?: string;
}

function requiredString(
  optional: boolean,
  schema: StringSchema,
  ...checks: PropertyDecorator[]
): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type: 'string', minLength: 1, ...schema, required: !optional }),
    ...(optional ? [ValidateIf((_: unknown, value: unknown) => value !== undefined)] : []),
    IsNotEmpty({ message: BLANK }),
    IsString({ message: INVALID }),
    ...checks,
  );
}

export const UsernameField = (optional = false): PropertyDecorator =>
  requiredString(
    optional,
    {
      maxLength: 64,
      description: 'Letters, digits, `_`, `.` and `-`',
      example: 'jake',
    },
    MaxLength(64, { message: tooLong(64) }),
    Matches(USERNAME_PATTERN, { message: INVALID }),
  );

export const EmailField = (optional = false): PropertyDecorator =>
  requiredString(
    optional,
    { maxLength: 255, format: 'email', example: 'jake@jake.jake' },
    MaxLength(255, { message: tooLong(255) }),
    IsEmail({}, { message: INVALID }),
  );

export const NewPasswordField = (optional = false): PropertyDecorator =>
  requiredString(
    optional,
    { minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX, format: 'password' },
    MinLength(PASSWORD_MIN, { message: tooShort(PASSWORD_MIN) }),
    MaxLength(PASSWORD_MAX, { message: tooLong(PASSWORD_MAX) }),
  );
