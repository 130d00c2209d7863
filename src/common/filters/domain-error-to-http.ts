import { assertNever, type DomainErrorDetail, type FieldErrors } from '../errors/domain-error';

/** The one mapping from domain errors to HTTP; the switch is exhaustive by type. */
export function domainErrorToHttp(detail: DomainErrorDetail): {
  status: number;
  errors: FieldErrors;
} {
  switch (detail.kind) {
    case 'not_found':
      return { status: 404, errors: { [detail.subject]: ['not found'] } };
    case 'forbidden':
      return { status: 403, errors: { [detail.subject]: ['forbidden'] } };
    case 'conflict':
      return { status: 409, errors: { [detail.field]: ['has already been taken'] } };
    case 'invalid':
      return { status: 422, errors: detail.fields };
    case 'unauthenticated':
      return { status: 401, errors: { [detail.field]: [detail.reason] } };
    case 'rate_limited':
      return {
        status: 429,
        errors: { requests: [`too many; retry after ${detail.retryAfterSeconds} seconds`] },
      };
    case 'in_progress':
      return {
        status: 409,
        errors: { [detail.subject]: ['is still being processed; retry shortly'] },
      };
    default:
      return assertNever(detail);
  }
}
