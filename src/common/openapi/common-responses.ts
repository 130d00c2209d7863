import type {
  ComponentsObject,
  HeadersObject,
  OpenAPIObject,
  OperationObject,
  ResponseObject,
} from '@nestjs/swagger';

const ERROR_SCHEMA = { $ref: '#/components/schemas/GenericErrorModel' };

/** Headers on every response, the error ones included. */
const EVERY_RESPONSE_HEADERS: NonNullable<ComponentsObject['headers']> = {
  'X-Request-Id': {
    description:
      'The request id: the one the client sent when well formed (up to 128 of A-Z a-z 0-9 _ . : -), else a new UUID. Logs, traces and errors carry it.',
    schema: { type: 'string' },
  },
  'RateLimit-Limit': {
    description: 'Requests this client may make in the window',
    schema: { type: 'integer' },
  },
  'RateLimit-Remaining': {
    description: 'Requests left in the window',
    schema: { type: 'integer' },
  },
  'RateLimit-Reset': {
    description: 'Seconds until the window ends',
    schema: { type: 'integer' },
  },
};

const RETRY_AFTER = {
  description: 'Seconds to wait before trying again',
  schema: { type: 'integer' },
};

/** Answers any route may give, whatever its own errors are. */
const ANY_ROUTE_RESPONSES: Record<string, ResponseObject> = {
  '400': {
    description: 'The body is not valid JSON',
    content: {
      'application/json': { schema: ERROR_SCHEMA, example: { errors: { body: ['is malformed'] } } },
    },
  },
  '413': {
    description: 'The body is larger than 1 MiB',
    content: {
      'application/json': { schema: ERROR_SCHEMA, example: { errors: { body: ['is too large'] } } },
    },
  },
  '429': {
    description:
      'Too many requests from this client (RateLimit-* headers; login and registration also count against RateLimit-*-auth)',
    content: {
      'application/json': {
        schema: ERROR_SCHEMA,
        example: { errors: { requests: ['too many; retry after 7 seconds'] } },
      },
    },
  },
  '503': {
    description: 'A dependency (the database) is unavailable: try again after Retry-After',
    content: {
      'application/json': {
        schema: ERROR_SCHEMA,
        example: { errors: { server: ['temporarily unavailable; retry after 2 seconds'] } },
      },
    },
  },
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * What the global machinery adds to every route, which decorators on each handler would only
 * repeat: the request-id and rate-limit headers, and the 400 / 413 / 429 / 503 answers.
 */
export function describeCommonResponses(document: OpenAPIObject): OpenAPIObject {
  const components = (document.components ??= {});
  components.headers = {
    ...components.headers,
    ...EVERY_RESPONSE_HEADERS,
    'Retry-After': RETRY_AFTER,
  };
  const headerRefs = Object.fromEntries(
    Object.keys(EVERY_RESPONSE_HEADERS).map((name) => [
      name,
      { $ref: `#/components/headers/${name}` },
    ]),
  );
  for (const pathItem of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation: OperationObject | undefined = pathItem[method];
      if (operation === undefined) continue;
      for (const [status, response] of Object.entries(ANY_ROUTE_RESPONSES)) {
        operation.responses[status] ??= structuredClone(response);
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        if (response === undefined || '$ref' in response) continue;
        const retryAfter: HeadersObject =
          status === '429' || status === '503'
            ? { 'Retry-After': { $ref: '#/components/headers/Retry-After' } }
            : {};
        response.headers = { ...response.headers, ...headerRefs, ...retryAfter };
      }
    }
  }
  return document;
}
