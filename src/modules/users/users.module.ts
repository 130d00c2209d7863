import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TOKEN_VALIDITY } from '../../common/guards/token-validity';
import { IdempotencyModule } from '../../infrastructure/idempotency/idempotency.module';
import { UserEntity } from './user.entity';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';
import { RefreshTokens } from './refresh-tokens';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { SessionsController } from './sessions.controller';
import { SessionsService } from './sessions.service';

/** Global only for TOKEN_VALIDITY: the authentication guard of every module checks tokens with it. */
@Global()
@Module({
  imports: [IdempotencyModule, TypeOrmModule.forFeature([UserEntity])],
  controllers: [UsersController, SessionsController],
  providers: [
    UsersService,
    UsersRepository,
    SessionsService,
    RefreshTokens,
    RefreshTokensRepository,
    { provide: TOKEN_VALIDITY, useExisting: UsersService },
  ],
  exports: [UsersRepository, UsersService, TOKEN_VALIDITY],
})
export class UsersModule {}
