import { randomUUID } from 'node:crypto';
import { type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ClsModule } from 'nestjs-cls';

/** The keys kept in the request context besides its id. */
export const CONTEXT_USER_ID = 'userId';

/**
 * The request context (AsyncLocalStorage, through nestjs-cls): the request id and the user id of
 * the HTTP request being handled, readable by any code the handler calls (the outbox stamps
 * events with it) without passing it down. Mounted as an interceptor, so it is set after the
 * guards have authenticated the user. Outside a request (worker, CLI) there is no context.
 */
export const RequestContextModule = ClsModule.forRoot({
  global: true,
  interceptor: {
    mount: true,
    generateId: true,
    idGenerator: (context: ExecutionContext) =>
      context.switchToHttp().getRequest<FastifyRequest | undefined>()?.id ?? randomUUID(),
    setup: (cls, context: ExecutionContext) => {
      const request = context.switchToHttp().getRequest<FastifyRequest | undefined>();
      if (request?.user) cls.set(CONTEXT_USER_ID, request.user.id);
    },
  },
});
