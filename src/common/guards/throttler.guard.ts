import { Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { redisConfig, type RedisConfig } from '../../config/redis.config';
import { MetricsService } from '../../infrastructure/observability/metrics.service';
import { rateLimited } from '../errors/domain-error';
import { ResponseCacheLookups } from '../response-cache/response-cache-lookups';
import { DEFAULT_THROTTLER, limitsOfRoute, type RouteLimit } from './route-limits';

/** Handlers are functions; their limits are resolved on their first request and kept. */
type Handler = ExecutionContext['getHandler'] extends () => infer H ? H : never;

/**
 * @nestjs/throttler's guard, counting per client across the whole API (not per route, unless a
 * route sets limit values of its own: see route-limits.ts) and reading each route's limits once. Which limits a route counts against follows the library's
 * decorators: `default` everywhere unless @SkipThrottle(); a further named throttler (`auth`)
 * only where @Throttle({ auth: {} }) names it (see route-limits.ts). The client is request.ip,
 * which honours X-Forwarded-For only as TRUST_PROXY allows, so a client cannot spoof its way
 * past the limit. Responses carry RateLimit-Limit, -Remaining and -Reset (with an `-auth` suffix
 * for the stricter limit); a refusal is a 429 in the API's error format with Retry-After, and a
 * refused request is not counted against the limits after it.
 */
@Injectable()
export class AppThrottlerGuard extends ThrottlerGuard {
  private readonly limitsByHandler = new WeakMap<Handler, readonly RouteLimit[]>();

  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly metrics: MetricsService,
    @Inject(redisConfig.KEY) private readonly redis: RedisConfig,
    private readonly cacheLookups: ResponseCacheLookups,
  ) {
    super(options, storage, reflector);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const limits = this.limitsOf(context);
    if (limits.length === 0) return true;
    // The response cache's read goes out now, in the same turn as the first count below: ioredis's
    // auto-pipelining sends both in one write, so a cached read costs Redis one round trip.
    this.cacheLookups.start(context);
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    for (const limit of limits) {
      const key = limit.keyPrefix + request.ip;
      const counted = await this.storageService.increment(
        key,
        limit.ttlMs,
        limit.limit,
        limit.blockMs,
        limit.name,
      );
      void reply.header(limit.headers.limit, limit.limit);
      void reply.header(limit.headers.remaining, Math.max(0, limit.limit - counted.totalHits));
      void reply.header(limit.headers.reset, counted.timeToExpire);
      if (counted.isBlocked) {
        const detail = {
          ...counted,
          ttl: limit.ttlMs,
          limit: limit.limit,
          key,
          tracker: request.ip,
        };
        await this.throwThrottlingException(context, detail);
      }
    }
    return true;
  }

  protected override throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const retryAfterSeconds = Math.max(1, detail.timeToBlockExpire);
    this.metrics.rateLimitRejections.inc();
    void context
      .switchToHttp()
      .getResponse<FastifyReply>()
      .header('Retry-After', retryAfterSeconds);
    throw rateLimited(retryAfterSeconds);
  }

  private limitsOf(context: ExecutionContext): readonly RouteLimit[] {
    const handler = context.getHandler();
    let limits = this.limitsByHandler.get(handler);
    if (limits === undefined) {
      const route = { handler, controller: context.getClass() };
      limits = limitsOfRoute(this.reflector, route, this.ordered(), this.redis.keyPrefix);
      this.limitsByHandler.set(handler, limits);
    }
    return limits;
  }

  /** The configured throttlers, `default` first (the library sorts them by TTL). */
  private ordered(): ThrottlerOptions[] {
    return this.throttlers.toSorted(
      (first, second) =>
        Number(second.name === DEFAULT_THROTTLER) - Number(first.name === DEFAULT_THROTTLER),
    );
  }
}
