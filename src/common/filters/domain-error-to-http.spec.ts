import {
  conflict,
  forbidden,
  inProgress,
  invalid,
  notFound,
  rateLimited,
  unauthenticated,
} from '../errors/domain-error';
import { domainErrorToHttp } from './domain-error-to-http';

describe('domainErrorToHttp', () => {
  it.each([
    [notFound('article'), 404, { article: ['not found'] }],
    [forbidden('comment'), 403, { comment: ['forbidden'] }],
    [conflict('email'), 409, { email: ['has already been taken'] }],
    [invalid({ title: ["can't be blank"] }), 422, { title: ["can't be blank"] }],
    [unauthenticated('token', 'is missing'), 401, { token: ['is missing'] }],
    [rateLimited(42), 429, { requests: ['too many; retry after 42 seconds'] }],
    [
      inProgress('Idempotency-Key'),
      409,
      { 'Idempotency-Key': ['is still being processed; retry shortly'] },
    ],
  ])('maps %s', (error, status, errors) => {
    expect(domainErrorToHttp(error.detail)).toEqual({ status, errors });
  });
});
