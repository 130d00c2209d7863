import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { invalid, type FieldErrors } from '../errors/domain-error';

/**
 * Field messages keyed by the leaf property name: `{"user": {"email": ""}}` reports `email`,
 * as the RealWorld error format expects. A missing wrapper object reports the wrapper.
 */
export function flattenValidationErrors(
  errors: ValidationError[],
  into: FieldErrors = {},
): FieldErrors {
  for (const error of errors) {
    const messages = Object.values(error.constraints ?? {});
    if (messages.length > 0) (into[error.property] ??= []).push(...messages);
    if (error.children?.length) flattenValidationErrors(error.children, into);
  }
  return into;
}

/**
 * Validates and converts DTOs. Unknown properties are stripped, never rejected, so clients
 * that send more than we read (the official suites do) keep working.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: false,
    // One message per field, the most basic first (blank, then type, then format and length).
    stopAtFirstError: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => invalid(flattenValidationErrors(errors)),
  });
}
