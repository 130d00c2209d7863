import { Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { redisConfig, type RedisConfig } from '../../config/redis.config';
import { rateLimited } from '../errors/domain-error';

/**
 * @nestjs/throttler's guard, with three choices of ours: a client's count is one per limit
 * (not one per route), headers use the standard RateLimit-* names with a plain Retry-After,
 * and a refusal is a domain error, so it leaves in the one error format.
 * The client is request.ip, which honours X-Forwarded-For only as TRUST_PROXY allows.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override headerPrefix = 'RateLimit';
  @Inject(redisConfig.KEY) private readonly redis!: RedisConfig;

  protected override generateKey(
    _context: ExecutionContext,
    tracker: string,
    throttlerName: string,
  ): string {
    return `${this.redis.keyPrefix}throttle:${throttlerName}:${tracker}`;
  }

  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const retryAfterSeconds = Math.max(1, detail.timeToBlockExpire);
    void context
      .switchToHttp()
      .getResponse<FastifyReply>()
      .header('Retry-After', retryAfterSeconds);
    throw rateLimited(retryAfterSeconds);
  }
}
