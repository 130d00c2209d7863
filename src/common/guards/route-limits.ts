import type { Reflector } from '@nestjs/core';
import type { ThrottlerOptions } from '@nestjs/throttler';
// The keys @Throttle() and @SkipThrottle() write their metadata under (not re-exported by the
// package's index, but what its own guard reads).
import {
  THROTTLER_BLOCK_DURATION,
  THROTTLER_LIMIT,
  THROTTLER_SKIP,
  THROTTLER_TTL,
} from '@nestjs/throttler/dist/throttler.constants';

/** The throttler every route counts against unless it says @SkipThrottle(). */
export const DEFAULT_THROTTLER = 'default';

/** One limit a route counts against, with everything a request needs precomputed. */
export interface RouteLimit {
  name: string;
  limit: number;
  ttlMs: number;
  blockMs: number;
  /**
   * What the client's address is appended to: `throttle:<name>:` for the module's window, shared
   * by every route; `throttle:<name>:<Controller.handler>:` where the route sets values of its own,
   * which then count in a window of the route's own.
   */
  keyPrefix: string;
  /** RateLimit-Limit, -Remaining and -Reset, suffixed by the throttler's name but for `default`. */
  headers: { limit: string; remaining: string; reset: string };
}

type Target = Parameters<Reflector['getAllAndOverride']>[1][number];

function numberOf(value: unknown, option: string, throttler: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new Error(
      `throttler "${throttler}": ${option} must be a number (a function of the request is not ` +
        `supported, limits are resolved once per route), got ${String(value)}`,
    );
  }
  return value;
}

/**
 * The limits of one route, in the order given. A throttler other than `default` is opt-in: it
 * applies where @Throttle() names it on the handler or its controller (`@Throttle({ auth: {} })`
 * takes the module's values for it), so the strict login limit is not every route's.
 */
export function limitsOfRoute(
  reflector: Reflector,
  route: { handler: Target & { name: string }; controller: Target & { name: string } },
  throttlers: readonly ThrottlerOptions[],
  redisKeyPrefix: string,
): RouteLimit[] {
  const targets = [route.handler, route.controller];
  const limits: RouteLimit[] = [];
  for (const throttler of throttlers) {
    const name = throttler.name ?? DEFAULT_THROTTLER;
    if (reflector.getAllAndOverride<boolean | undefined>(THROTTLER_SKIP + name, targets)) continue;
    const named = targets.some((target) => Reflect.hasMetadata(THROTTLER_LIMIT + name, target));
    if (name !== DEFAULT_THROTTLER && !named) continue;
    const routeValue = (key: string): unknown =>
      reflector.getAllAndOverride<unknown>(key + name, targets);
    const [ownLimit, ownTtl, ownBlock] = [
      THROTTLER_LIMIT,
      THROTTLER_TTL,
      THROTTLER_BLOCK_DURATION,
    ].map(routeValue);
    const ttlMs = numberOf(ownTtl ?? throttler.ttl, 'ttl', name);
    const own = ownLimit !== undefined || ownTtl !== undefined || ownBlock !== undefined;
    const suffix = name === DEFAULT_THROTTLER ? '' : `-${name}`;
    limits.push({
      name,
      limit: numberOf(ownLimit ?? throttler.limit, 'limit', name),
      ttlMs,
      blockMs: numberOf(ownBlock ?? throttler.blockDuration ?? ttlMs, 'blockDuration', name),
      keyPrefix: own
        ? `${redisKeyPrefix}throttle:${name}:${route.controller.name}.${route.handler.name}:`
        : `${redisKeyPrefix}throttle:${name}:`,
      headers: {
        limit: `RateLimit-Limit${suffix}`,
        remaining: `RateLimit-Remaining${suffix}`,
        reset: `RateLimit-Reset${suffix}`,
      },
    });
  }
  return limits;
}
