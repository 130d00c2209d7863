import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { authConfig, type AuthConfig } from '../../config/auth.config';

interface TokenClaims {
  sub: string;
  /** The user's token version when it was issued; tokens from before versions count as 0. */
  ver?: number;
}

/** Who a valid token names, and under which of that user's token versions it was issued. */
export interface TokenSubject {
  userId: number;
  tokenVersion: number;
}

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

  issue(subject: TokenSubject): Promise<string> {
    return this.jwt.signAsync({
      sub: String(subject.userId),
      ver: subject.tokenVersion,
    } satisfies TokenClaims);
  }

  /** Whom a valid, unexpired token names; undefined for anything else. */
  async verify(token: string): Promise<TokenSubject | undefined> {
    try {
      const claims = await this.jwt.verifyAsync<TokenClaims>(token);
      const userId = Number(claims.sub);
      const tokenVersion = claims.ver ?? 0;
      const valid =
        Number.isSafeInteger(userId) &&
        userId > 0 &&
        Number.isSafeInteger(tokenVersion) &&
        tokenVersion >= 0;
      return valid ? { userId, tokenVersion } : undefined;
    } catch {
      return undefined;
    }
  }
}
