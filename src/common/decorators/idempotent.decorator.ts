import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import { IdempotencyInterceptor } from '../idempotency/idempotency.interceptor';
import { ErrorBody } from '../openapi/error-body';

/**
 * The route honours an `Idempotency-Key` header (Stripe's semantics, see
 * IdempotencyInterceptor). Only these routes pay for it; without the header it costs nothing.
 */
export const Idempotent = (): MethodDecorator =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Up to 255 characters, unique per intended action (a UUID). A retry with the same key and body within 24 hours gets the first answer again, with `Idempotent-Replayed: true`, and changes nothing.',
      schema: { type: 'string', minLength: 1, maxLength: 255 },
    }),
    ApiResponse({
      status: 409,
      description:
        'A request with this Idempotency-Key is still running, or a unique field is taken',
      type: ErrorBody,
    }),
  );
