import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { authConfig, type AuthConfig } from '../../config/auth.config';

interface TokenClaims {
  sub: string;
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

  issue(userId: number): Promise<string> {
    return this.jwt.signAsync({ sub: String(userId) } satisfies TokenClaims);
  }

  /** The user id a valid, unexpired token names; undefined for anything else. */
  async verify(token: string): Promise<number | undefined> {
    try {
      const claims = await this.jwt.verifyAsync<TokenClaims>(token);
      const userId = Number(claims.sub);
      return Number.isSafeInteger(userId) && userId > 0 ? userId : undefined;
    } catch {
      return undefined;
    }
  }
}
