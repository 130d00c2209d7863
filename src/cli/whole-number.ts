/**
 * A rejected option value, as commander expects an option parser to report it: commander
 * recognises the code, prints "error: option '--users <n>' argument 'abc' is invalid." and
 * this message, then exits through our handler (code 2). Commander's own InvalidArgumentError
 * is not imported because commander is nest-commander's dependency, not ours: package.json does
 * not list it, and `npm ci --omit=dev` leaves it nested where dist/ cannot require it.
 */
export class InvalidArgumentError extends Error {
  readonly code = 'commander.invalidArgument';
  readonly exitCode = 2;

  constructor(message: string) {
    super(message);
    this.name = 'InvalidArgumentError';
  }
}

const DIGITS = /^\d+$/;

/** The one parser of every numeric option: digits only (no sign, exponent or fraction), in range. */
export function parseWholeNumber(
  value: string,
  min = 0,
  max: number = Number.MAX_SAFE_INTEGER,
): number {
  const parsed = DIGITS.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    throw new InvalidArgumentError(`"${value}" is not a whole number from ${min} to ${max}.`);
  }
  return parsed;
}
