import {
  CACHE_KEY_METADATA,
  CACHE_TTL_METADATA,
  type CacheKeyFactory,
  type CacheTTLFactory,
} from '@nestjs/cache-manager';
import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { LISTS_SCOPE } from '../../infrastructure/cache/cache-entries';
import { CACHE_SCOPE, type ResponseScope } from '../decorators/cache-scope.decorator';
import { CONDITIONAL_GET } from '../decorators/conditional-get.decorator';

/**
 * What a handler's decorators ask of ResponseCacheInterceptor: a handler with a rule has its
 * GETs' 200 answers tagged (ETag, 304), and with a key, anonymous ones cached.
 */
export interface ResponseCacheRule {
  /** @CacheKey(): anonymous GETs are cached under this key, or the one it computes. */
  readonly key: string | CacheKeyFactory | undefined;
  /** @CacheScope(), else the lists' scope. */
  readonly scopeOf: ResponseScope;
  /** @CacheTTL() in ms, on the handler or its controller (AppCache caps it at its own TTL). */
  readonly ttl: number | CacheTTLFactory | undefined;
}

const listsScope: ResponseScope = () => LISTS_SCOPE;

/** The handlers' rules, reflected once per handler rather than on every request. */
@Injectable()
export class ResponseCacheRules {
  /** null: neither @CacheKey() nor @ConditionalGet(): the handler's answers are left alone. */
  private readonly rules = new WeakMap<object, ResponseCacheRule | null>();

  constructor(private readonly reflector: Reflector) {}

  /** The rule of the context's handler; undefined when there is nothing to do for it. */
  of(context: ExecutionContext): ResponseCacheRule | undefined {
    const handler = context.getHandler();
    let rule = this.rules.get(handler);
    if (rule === undefined) {
      rule = this.reflect(context);
      this.rules.set(handler, rule);
    }
    return rule ?? undefined;
  }

  private reflect(context: ExecutionContext): ResponseCacheRule | null {
    const handler = context.getHandler();
    const key = this.reflector.get<string | CacheKeyFactory | undefined>(
      CACHE_KEY_METADATA,
      handler,
    );
    const conditional = this.reflector.get<boolean | undefined>(CONDITIONAL_GET, handler);
    if (key === undefined && conditional !== true) return null;
    return {
      key,
      scopeOf: this.reflector.get<ResponseScope | undefined>(CACHE_SCOPE, handler) ?? listsScope,
      ttl: this.reflector.getAllAndOverride<number | CacheTTLFactory | undefined>(
        CACHE_TTL_METADATA,
        [handler, context.getClass()],
      ),
    };
  }
}
