import type { FastifyInstance } from 'fastify';
import '../decorators/rate-limit.decorator';
import { rateLimited } from '../errors/domain-error';
import type { RateLimiter } from '../../infrastructure/rate-limit/rate-limiter';

/**
 * Rate limits as the first thing a request meets, before Nest (refusing a flood must cost less
 * than serving it), for matched and unmatched routes alike. The client is request.ip, which
 * honours X-Forwarded-For only as TRUST_PROXY allows. Responses carry RateLimit-Limit,
 * -Remaining and -Reset (with an `-auth` suffix for the stricter limit); a refusal is a 429 in
 * the API's error format with Retry-After.
 */
export function limitRates(fastify: FastifyInstance, limiter: RateLimiter): void {
  fastify.addHook('onRequest', async (request, reply) => {
    const rule = request.routeOptions.config.rateLimit;
    if (rule === 'none') return;
    for (const state of await limiter.count(request.ip, rule === 'strict')) {
      const suffix = state.name === 'default' ? '' : `-${state.name}`;
      void reply.header(`RateLimit-Limit${suffix}`, state.limit);
      void reply.header(`RateLimit-Remaining${suffix}`, state.remaining);
      void reply.header(`RateLimit-Reset${suffix}`, state.resetSeconds);
      if (state.retryAfterSeconds !== undefined) {
        void reply.header('Retry-After', state.retryAfterSeconds);
        throw rateLimited(state.retryAfterSeconds);
      }
    }
  });
}
