import { Injectable } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance } from 'fastify';

interface RequestStore {
  requestId: string;
}

/**
 * The request context (AsyncLocalStorage): the id of the HTTP request being handled, readable by
 * any code the handler calls (the outbox stamps events with it) without passing it down. Log
 * lines get it from nestjs-pino's own store, which holds only a logger. Outside a request
 * (worker, CLI) there is none.
 */
@Injectable()
export class RequestContext {
  private readonly storage = new AsyncLocalStorage<RequestStore>();

  /** The id of the request being served, if any. */
  get requestId(): string | undefined {
    return this.storage.getStore()?.requestId;
  }

  run<T>(requestId: string, work: () => T): T {
    return this.storage.run({ requestId }, work);
  }
}

/**
 * Enters the request context for everything Nest runs for a request (guards, pipes, handler,
 * filters). In preHandler: the body has been read by then, and its stream's events would run
 * outside a context entered earlier.
 */
export function enterRequestContext(fastify: FastifyInstance, context: RequestContext): void {
  fastify.addHook('preHandler', (request, _reply, done) => context.run(request.id, done));
}
