/**
 * The errors services throw. They say what went wrong in domain terms; how that becomes an
 * HTTP status and body is decided in one place, common/filters/domain-error-to-http.ts.
 * Adding a kind here without mapping it there fails to compile.
 */
export type FieldErrors = Record<string, string[]>;

export type DomainErrorDetail =
  | { kind: 'not_found'; subject: string }
  | { kind: 'forbidden'; subject: string }
  | { kind: 'conflict'; field: string }
  | { kind: 'invalid'; fields: FieldErrors }
  | { kind: 'unauthenticated'; field: string; reason: string }
  | { kind: 'rate_limited'; retryAfterSeconds: number }
  | { kind: 'in_progress'; subject: string };

export class DomainError extends Error {
  constructor(readonly detail: DomainErrorDetail) {
    super(`${detail.kind}: ${JSON.stringify(detail)}`);
    this.name = 'DomainError';
  }
}

/** `subject` (article, profile, comment, …) does not exist. */
export const notFound = (subject: string): DomainError =>
  new DomainError({ kind: 'not_found', subject });

/** The actor may not change `subject`. */
export const forbidden = (subject: string): DomainError =>
  new DomainError({ kind: 'forbidden', subject });

/** `field` must be unique and the value is taken. */
export const conflict = (field: string): DomainError =>
  new DomainError({ kind: 'conflict', field });

/** Input that breaks a rule, with messages per field. */
export const invalid = (fields: FieldErrors): DomainError =>
  new DomainError({ kind: 'invalid', fields });

/** Who is asking is unknown: a missing or bad token, or wrong credentials. */
export const unauthenticated = (field: string, reason: string): DomainError =>
  new DomainError({ kind: 'unauthenticated', field, reason });

/** Too many requests from this client; it may try again after the given time. */
export const rateLimited = (retryAfterSeconds: number): DomainError =>
  new DomainError({ kind: 'rate_limited', retryAfterSeconds });

/** The same request (`subject` names how it is identified) is still being handled. */
export const inProgress = (subject: string): DomainError =>
  new DomainError({ kind: 'in_progress', subject });

export function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
