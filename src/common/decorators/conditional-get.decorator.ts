import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';

export const CONDITIONAL_GET = 'conduit:conditionalGet';

/**
 * ETag, Cache-Control, Vary: Authorization and 304 Not Modified for a GET
 * (ResponseCacheInterceptor; a @CacheKey() route has them too).
 */
export const ConditionalGet = (): MethodDecorator =>
  applyDecorators(
    SetMetadata(CONDITIONAL_GET, true),
    ApiHeader({
      name: 'If-None-Match',
      required: false,
      description: 'The ETag of the copy the client holds: 304 with no body while it is current',
    }),
    ApiResponse({
      status: 304,
      description: 'Not modified: the ETag given in If-None-Match is current',
    }),
  );
