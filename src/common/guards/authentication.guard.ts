import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import { TokenService } from '../../infrastructure/auth/token.service';
import { IS_PUBLIC, OWNS_AUTHORIZATION } from '../decorators/public.decorator';
import { unauthenticated } from '../errors/domain-error';
import { TOKEN_VALIDITY, type TokenValidity } from './token-validity';

/** `Authorization: Token <jwt>` (RealWorld) or `Bearer <jwt>`. */
const AUTHORIZATION = /^(?:Token|Bearer) +(\S+)$/i;

/**
 * Global guard: every route needs a valid token unless marked @Public(). It runs before the
 * handler, so a missing token answers 401 before anything is looked up (auth before existence).
 * A token is valid when its signature and expiry are, and a password change since it was issued
 * has not signed its session out (every session but the one that made the change).
 */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    @Inject(TOKEN_VALIDITY) private readonly validity: TokenValidity,
    private readonly logger: PinoLogger,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(OWNS_AUTHORIZATION, targets))
      return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    const header = request.headers.authorization;
    if (header === undefined || header === '') {
      if (isPublic) return true;
      throw unauthenticated('token', 'is missing');
    }
    const token = AUTHORIZATION.exec(header)?.[1];
    if (token === undefined) throw unauthenticated('token', 'is invalid');
    const subject = await this.tokens.verify(token);
    if (subject === undefined) throw unauthenticated('token', 'is invalid');
    // For a user since deleted, or a session signed out by a password change: no longer valid.
    const { userId, tokenVersion, sessionId } = subject;
    if (!(await this.validity.isValid(userId, tokenVersion, sessionId))) {
      throw unauthenticated('token', 'is invalid');
    }
    request.user = { id: userId, token, sessionId };
    this.tellLaterLinesWho(userId);
    return true;
  }

  /** Every line the request logs from here on says whose it is (the request line reads request.user). */
  private tellLaterLinesWho(userId: number): void {
    try {
      this.logger.assign({ userId });
    } catch {
      // No request store (a path nestjs-pino's middleware does not bind): nothing to add to.
    }
  }
}
