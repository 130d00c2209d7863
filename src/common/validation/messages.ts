/** The wording of validation messages, as the RealWorld suites and frontends expect it. */
export const BLANK = "can't be blank";
export const INVALID = 'is invalid';
export const tooShort = (minimum: number): string =>
  `is too short (minimum is ${minimum} characters)`;
export const tooLong = (maximum: number): string =>
  `is too long (maximum is ${maximum} characters)`;
