import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants';
import type { FastifyContextConfig } from 'fastify';

/**
 * Adds to the Fastify route config of a handler, which Fastify hooks read from
 * `request.routeOptions.config` (Nest's own RouteConfig() would replace it whole, so two such
 * decorators on one route could not both apply).
 */
export function WithRouteConfig(config: FastifyContextConfig): MethodDecorator {
  return (_target, _key, descriptor) => {
    const handler: unknown = descriptor.value;
    if (typeof handler !== 'function') throw new Error('WithRouteConfig decorates methods');
    const existing: unknown = Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler);
    Reflect.defineMetadata(
      FASTIFY_ROUTE_CONFIG_METADATA,
      { ...(typeof existing === 'object' ? existing : {}), ...config },
      handler,
    );
  };
}
