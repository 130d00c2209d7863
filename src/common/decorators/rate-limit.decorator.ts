import { WithRouteConfig } from './route-config';

/** How a route is rate limited; read by the rate-limit hook from Fastify's route config. */
export type RateLimitRule = 'default' | 'strict' | 'none';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** How the route is rate limited (unset: the default limit). */
    rateLimit?: RateLimitRule;
  }
}

/** The route also counts against the stricter `auth` limit (login, registration). */
export const StrictRateLimit = (): MethodDecorator => WithRouteConfig({ rateLimit: 'strict' });

/** Never limited: probes and metrics (a throttled probe would restart a healthy pod). */
export const NoRateLimit = (): MethodDecorator => WithRouteConfig({ rateLimit: 'none' });
