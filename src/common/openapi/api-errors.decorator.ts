import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorBody } from './error-body';

/** What each error status means in this API; every one comes in the error format. */
const MEANINGS = {
  401: {
    description: 'The token is missing, malformed or expired',
    example: { token: ['is missing'] },
  },
  403: { description: 'Only the author may do this', example: { article: ['forbidden'] } },
  404: { description: 'The subject does not exist', example: { article: ['not found'] } },
  409: {
    description: 'A unique field is taken',
    example: { username: ['has already been taken'] },
  },
  422: { description: 'A field or parameter is invalid', example: { title: ["can't be blank"] } },
} as const;

export type DocumentedErrorStatus = keyof typeof MEANINGS;

/**
 * The error statuses a route may answer besides those every route may (400, 413, 429, 503:
 * added to the whole document by api-docs.ts).
 */
export const ApiErrors = (...statuses: DocumentedErrorStatus[]): MethodDecorator =>
  applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: MEANINGS[status].description,
        type: ErrorBody,
        example: { errors: MEANINGS[status].example },
      }),
    ),
  );
