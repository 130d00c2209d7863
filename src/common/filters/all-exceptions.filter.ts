import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type FieldErrors } from '../errors/domain-error';
import { unavailability } from '../../infrastructure/database/postgres-errors';
import { domainErrorToHttp } from './domain-error-to-http';

interface ErrorResponse {
  status: number;
  errors: FieldErrors;
  /** Seconds, for a 503 the client may retry. */
  retryAfter?: number;
}

/** When a client may retry a statement the database could not serve: soon if it was busy. */
const RETRY_AFTER_SECONDS = { overloaded: 1, unreachable: 5 } as const;

/** Fastify's own errors (bad JSON, body too large, …) carry a statusCode and a code. */
function isFastifyError(error: unknown): error is { statusCode: number; code?: string } {
  return (
    typeof error === 'object' &&
    error !== null &&
    'statusCode' in error &&
    typeof error.statusCode === 'number'
  );
}

const BODY_MESSAGES: Record<number, string> = {
  400: 'is malformed',
  413: 'is too large',
  415: 'has an unsupported content type',
};

function fromHttpException(exception: HttpException): ErrorResponse {
  const status = exception.getStatus();
  if (status === 404) return { status, errors: { route: ['not found'] } };
  const bodyMessage = BODY_MESSAGES[status];
  if (bodyMessage !== undefined) return { status, errors: { body: [bodyMessage] } };
  if (status >= 500) return { status, errors: { server: ['Internal server error'] } };
  return { status, errors: { request: [exception.message] } };
}

function toErrorResponse(exception: unknown): ErrorResponse {
  if (exception instanceof DomainError) return domainErrorToHttp(exception.detail);
  const unavailable = unavailability(exception);
  if (unavailable !== undefined) {
    const retryAfter = RETRY_AFTER_SECONDS[unavailable];
    return {
      status: 503,
      errors: { server: [`temporarily unavailable; retry after ${retryAfter} seconds`] },
      retryAfter,
    };
  }
  if (exception instanceof HttpException) return fromHttpException(exception);
  if (isFastifyError(exception) && exception.statusCode < 500) {
    const status = exception.statusCode;
    return { status, errors: { body: [BODY_MESSAGES[status] ?? 'is invalid'] } };
  }
  return { status: 500, errors: { server: ['Internal server error'] } };
}

/**
 * Every error leaves as `{"errors": {"<field>": ["<message>"]}, "requestId": "<id>"}` with its
 * status. A 5xx never shows its cause to the client; it is logged with the request id instead.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const { status, errors, retryAfter } = toErrorResponse(exception);
    const cause =
      exception instanceof Error ? (exception.stack ?? exception.message) : String(exception);
    if (retryAfter !== undefined) {
      // The database's state, not a bug: the probes and the metrics tell the rest.
      this.logger.warn(
        `${request.method} ${request.url} refused, database unavailable (requestId ${request.id}): ${cause.split('\n')[0]}`,
      );
      void reply.header('Retry-After', retryAfter);
    } else if (status >= 500) {
      this.logger.error(
        `${request.method} ${request.url} failed (requestId ${request.id}): ${cause}`,
      );
    }
    void reply.status(status).send({ errors, requestId: request.id });
  }
}
