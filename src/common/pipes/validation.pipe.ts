import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { invalid, type FieldErrors } from '../errors/domain-error';

const NOT_ALLOWED = 'is not allowed';

/**
 * Field messages keyed by the leaf property name: `{"user": {"email": ""}}` reports `email`,
 * as the RealWorld error format expects. A missing wrapper object reports the wrapper.
 */
export function flattenValidationErrors(
  errors: ValidationError[],
  into: FieldErrors = {},
): FieldErrors {
  for (const error of errors) {
    const messages = Object.entries(error.constraints ?? {}).map(([constraint, message]) =>
      constraint === 'whitelistValidation' ? NOT_ALLOWED : message,
    );
    if (messages.length > 0) (into[error.property] ??= []).push(...messages);
    if (error.children?.length) flattenValidationErrors(error.children, into);
  }
  return into;
}

/** The rules every input is checked by, through HTTP (the pipe below) or the CLI. */
export const VALIDATOR_OPTIONS = {
  // Unknown properties are refused, not silently dropped: no mass assignment of id,
  // createdAt, favoritesCount or author, and a client learns about its typo.
  whitelist: true,
  forbidNonWhitelisted: true,
  // One message per field, the most basic first (blank, then type, then format and length).
  stopAtFirstError: true,
  validationError: { target: false, value: false },
} as const;

/** Validates and converts DTOs (bodies and query strings alike). */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    ...VALIDATOR_OPTIONS,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => invalid(flattenValidationErrors(errors)),
  });
}
