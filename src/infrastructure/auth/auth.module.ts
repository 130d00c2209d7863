import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { authConfig, type AuthConfig } from '../../config/auth.config';
import { PasswordHasher } from './password-hasher';
import { TokenService } from './token.service';

/** Tokens and password hashing, used by the global authentication guard and the users module. */
@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [authConfig.KEY],
      useFactory: (config: AuthConfig) => ({
        secret: config.jwtSecret,
        signOptions: { algorithm: 'HS256', expiresIn: config.jwtTtlSeconds },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  providers: [TokenService, PasswordHasher],
  exports: [TokenService, PasswordHasher],
})
export class AuthModule {}
