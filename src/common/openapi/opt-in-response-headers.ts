import type { HeadersObject, OpenAPIObject, OperationObject } from '@nestjs/swagger';

/**
 * The response headers of the two opt-in features, described where their request header is:
 * the decorators (@ConditionalGet, @Idempotent) declare If-None-Match and Idempotency-Key on
 * the operation but cannot add headers to a success response that the handler's own
 * @ApiOkResponse/@ApiCreatedResponse describes, so this pass does, after the document is built.
 */
const CONDITIONAL_GET_HEADERS: HeadersObject = {
  ETag: {
    description:
      'A strong tag of this exact body (per viewer when signed in): send it back in If-None-Match',
    schema: { type: 'string' },
  },
  'Cache-Control': {
    description:
      '`public, no-cache` without a token, `private, no-cache` with one: revalidate each time',
    schema: { type: 'string' },
  },
  Vary: {
    description: '`Origin, Authorization`: the same URL answers differently per viewer',
    schema: { type: 'string' },
  },
};

const IDEMPOTENT_HEADERS: HeadersObject = {
  'Idempotent-Replayed': {
    description:
      '`true` when this is the stored answer to an earlier request with the same Idempotency-Key (nothing was changed again)',
    schema: { type: 'string', enum: ['true'] },
  },
};

const METHODS = ['get', 'post'] as const;

function declaresHeader(operation: OperationObject, name: string): boolean {
  return (operation.parameters ?? []).some(
    (parameter) => !('$ref' in parameter) && parameter.in === 'header' && parameter.name === name,
  );
}

function addHeaders(operation: OperationObject, statuses: string[], headers: HeadersObject): void {
  for (const status of statuses) {
    const response = operation.responses[status];
    if (response === undefined || '$ref' in response) continue;
    response.headers = { ...response.headers, ...headers };
  }
}

export function describeOptInResponseHeaders(document: OpenAPIObject): OpenAPIObject {
  for (const pathItem of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation: OperationObject | undefined = pathItem[method];
      if (operation === undefined) continue;
      if (declaresHeader(operation, 'If-None-Match')) {
        addHeaders(operation, ['200', '304'], CONDITIONAL_GET_HEADERS);
      }
      if (declaresHeader(operation, 'Idempotency-Key')) {
        const successes = Object.keys(operation.responses).filter((status) =>
          status.startsWith('2'),
        );
        addHeaders(operation, successes, IDEMPOTENT_HEADERS);
      }
    }
  }
  return document;
}
