import { Reflector } from '@nestjs/core';
import { SkipThrottle, Throttle, type ThrottlerOptions } from '@nestjs/throttler';
import { limitsOfRoute, type RouteLimit } from './route-limits';

const THROTTLERS: ThrottlerOptions[] = [
  { name: 'default', limit: 100, ttl: 60_000 },
  { name: 'auth', limit: 10, ttl: 30_000 },
];
const PREFIX = 'conduit:';

class Routes {
  plain(): void {}

  @Throttle({ auth: {} })
  login(): void {}

  @Throttle({ default: { limit: 5, ttl: 1_000, blockDuration: 9_000 } })
  tight(): void {}

  @Throttle({ default: { limit: () => 1, ttl: 1_000 } })
  dynamic(): void {}
}

@SkipThrottle()
class Probes {
  live(): void {}
}

type Controller = new () => object;

/** A handler as Nest hands it to guards: the method itself, read off the prototype. */
function handlerOf(controller: Controller, method: string): () => void {
  const handler: unknown = Object.getOwnPropertyDescriptor(controller.prototype, method)?.value;
  if (typeof handler !== 'function') throw new Error(`${controller.name} has no ${method}`);
  return handler as () => void;
}

function routeLimits(controller: Controller, method: string): RouteLimit[] {
  const route = { handler: handlerOf(controller, method), controller };
  return limitsOfRoute(new Reflector(), route, THROTTLERS, PREFIX);
}

function limitsOf(controller: Controller, method: string): unknown {
  return routeLimits(controller, method).map(({ name, limit, ttlMs, blockMs }) => ({
    name,
    limit,
    ttlMs,
    blockMs,
  }));
}

describe('limitsOfRoute', () => {
  it('applies the default throttler everywhere and `auth` only where @Throttle names it', () => {
    expect(limitsOf(Routes, 'plain')).toEqual([
      { name: 'default', limit: 100, ttlMs: 60_000, blockMs: 60_000 },
    ]);
    expect(limitsOf(Routes, 'login')).toEqual([
      { name: 'default', limit: 100, ttlMs: 60_000, blockMs: 60_000 },
      { name: 'auth', limit: 10, ttlMs: 30_000, blockMs: 30_000 },
    ]);
  });

  it("takes a route's own values over the module's", () => {
    expect(limitsOf(Routes, 'tight')).toEqual([
      { name: 'default', limit: 5, ttlMs: 1_000, blockMs: 9_000 },
    ]);
  });

  it('counts per client across routes, and in a window of its own where a route sets values', () => {
    expect(routeLimits(Routes, 'login').map((limit) => limit.keyPrefix)).toEqual([
      'conduit:throttle:default:',
      'conduit:throttle:auth:',
    ]);
    expect(routeLimits(Routes, 'tight')[0].keyPrefix).toBe(
      'conduit:throttle:default:Routes.tight:',
    );
  });

  it('skips what @SkipThrottle() skips, on the controller too', () => {
    expect(limitsOf(Probes, 'live')).toEqual([]);
  });

  it('names the throttler and option it cannot resolve once', () => {
    expect(() => limitsOf(Routes, 'dynamic')).toThrow(
      /throttler "default": limit must be a number/,
    );
  });

  it('names the suffixed headers of a named throttler', () => {
    const [, auth] = routeLimits(Routes, 'login');
    expect(auth.headers).toEqual({
      limit: 'RateLimit-Limit-auth',
      remaining: 'RateLimit-Remaining-auth',
      reset: 'RateLimit-Reset-auth',
    });
  });
});
