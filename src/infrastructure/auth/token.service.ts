import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomBytes } from 'node:crypto';
import { authConfig, type AuthConfig } from '../../config/auth.config';

interface TokenClaims {
  sub: string;
  /** The user's token version when it was issued; tokens from before versions count as 0. */
  ver?: number;
  /** The session: one per login or registration, kept by the tokens issued within it. */
  sid?: string;
}

/** Whom a valid token names, in which session, under which of the user's token versions. */
export interface TokenSubject {
  userId: number;
  tokenVersion: number;
  /** Undefined for tokens issued before sessions existed. */
  sessionId: string | undefined;
}

const SESSION_ID = /^[\w-]{16,64}$/;

/** Issues and checks the API's JWTs. HS256 only: a token naming another algorithm is refused. */
@Injectable()
export class TokenService {
  private readonly logger = new Logger(TokenService.name);

  constructor(
    private readonly jwt: JwtService,
    @Inject(authConfig.KEY) config: AuthConfig,
  ) {
    if (config.jwtSecretGenerated) {
      this.logger.warn(
        'JWT_SECRET unset: generated a random one; tokens stop working when this process ends',
      );
    }
  }

  /** A session id for a login or a registration: 128 random bits. */
  newSessionId(): string {
    return randomBytes(16).toString('base64url');
  }

  issue(subject: TokenSubject): Promise<string> {
    return this.jwt.signAsync({
      sub: String(subject.userId),
      ver: subject.tokenVersion,
      ...(subject.sessionId === undefined ? {} : { sid: subject.sessionId }),
    } satisfies TokenClaims);
  }

  /** Whom a valid, unexpired token names; undefined for anything else. */
  async verify(token: string): Promise<TokenSubject | undefined> {
    try {
      const claims = await this.jwt.verifyAsync<TokenClaims>(token);
      const userId = Number(claims.sub);
      const tokenVersion = claims.ver ?? 0;
      const sessionId = claims.sid;
      const valid =
        Number.isSafeInteger(userId) &&
        userId > 0 &&
        Number.isSafeInteger(tokenVersion) &&
        tokenVersion >= 0 &&
        (sessionId === undefined || SESSION_ID.test(sessionId));
      return valid ? { userId, tokenVersion, sessionId } : undefined;
    } catch {
      return undefined;
    }
  }
}
