import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import { WithRouteConfig } from './route-config';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** 200 answers get an ETag, and If-None-Match gets 304 (http-cache/conditional-get.ts). */
    conditionalGet?: boolean;
  }
}

/** ETag, Cache-Control, Vary: Authorization and 304 Not Modified for a GET. */
export const ConditionalGet = (): MethodDecorator =>
  applyDecorators(
    WithRouteConfig({ conditionalGet: true }),
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
