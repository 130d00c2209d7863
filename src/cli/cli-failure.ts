import { assertNever, DomainError, type DomainErrorDetail } from '../common/errors/domain-error';

/** Exit codes: 1 when the command could not do its work, 2 when it was called wrongly. */
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A failure a command explains itself: its message is printed as it is. */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: typeof EXIT_FAILURE | typeof EXIT_USAGE = EXIT_FAILURE,
  ) {
    super(message);
    this.name = 'CliFailure';
  }
}

/** What commander throws through exitOverride: it has printed its message already. */
function isCommanderExit(error: unknown): error is Error & { code: string; exitCode: number } {
  return (
    error instanceof Error &&
    'code' in error &&
    typeof error.code === 'string' &&
    error.code.startsWith('commander.') &&
    'exitCode' in error &&
    typeof error.exitCode === 'number'
  );
}

/** A domain error in the words of a command line (the HTTP filter says it in status codes). */
export function describeDomainError(detail: DomainErrorDetail): string {
  switch (detail.kind) {
    case 'not_found':
      return `${detail.subject} not found`;
    case 'forbidden':
      return `${detail.subject}: forbidden`;
    case 'conflict':
      return `${detail.field} has already been taken`;
    case 'invalid':
      return Object.entries(detail.fields)
        .flatMap(([field, messages]) => messages.map((message) => `${field} ${message}`))
        .join('; ');
    case 'unauthenticated':
      return `${detail.field} ${detail.reason}`;
    case 'rate_limited':
      return `rate limited: try again in ${detail.retryAfterSeconds} s`;
    case 'in_progress':
      return `${detail.subject} is still being processed: try again shortly`;
    default:
      return assertNever(detail);
  }
}

/**
 * Prints why a command failed (to stderr) and returns the process's exit code. An unexpected
 * error (a bug, an unreachable server) is told in one line; `withStack` adds where it came from.
 */
export function reportFailure(error: unknown, withStack = false): number {
  if (isCommanderExit(error)) {
    // Help and version exit 0; every parse error was printed by commander and is a usage error.
    return error.exitCode === 0 ? 0 : EXIT_USAGE;
  }
  if (error instanceof CliFailure) {
    process.stderr.write(`error: ${error.message}\n`);
    return error.exitCode;
  }
  if (error instanceof DomainError) {
    process.stderr.write(`error: ${describeDomainError(error.detail)}\n`);
    return error.detail.kind === 'invalid' ? EXIT_USAGE : EXIT_FAILURE;
  }
  if (!(error instanceof Error)) {
    process.stderr.write(`error: ${String(error)}\n`);
  } else if (withStack) {
    process.stderr.write(`error: ${error.stack ?? error.message}\n`);
  } else {
    process.stderr.write(`error: ${error.message} (LOG_LEVEL=debug shows where)\n`);
  }
  return EXIT_FAILURE;
}
