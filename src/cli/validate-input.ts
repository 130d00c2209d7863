import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate } from 'class-validator';
import { invalid } from '../common/errors/domain-error';
import { flattenValidationErrors, VALIDATOR_OPTIONS } from '../common/pipes/validation.pipe';

/**
 * Checks a command's input against the DTO the HTTP route validates, with the same options as
 * the global pipe, so both doors apply one set of rules. Throws an `invalid` domain error (exit 2).
 */
export async function validateInput<T extends object>(
  type: ClassConstructor<T>,
  plain: object,
): Promise<T> {
  const input = plainToInstance(type, plain);
  const errors = await validate(input, VALIDATOR_OPTIONS);
  if (errors.length > 0) throw invalid(flattenValidationErrors(errors));
  return input;
}
