import { Global, Module } from '@nestjs/common';
import { TOKEN_VERSIONS } from '../../common/guards/token-versions';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UserEntity } from './user.entity';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/** Global only for TOKEN_VERSIONS: the authentication guard of every module checks tokens with it. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([UserEntity])],
  controllers: [UsersController],
  providers: [
    UsersService,
    UsersRepository,
    { provide: TOKEN_VERSIONS, useExisting: UsersService },
  ],
  exports: [UsersRepository, UsersService, TOKEN_VERSIONS],
})
export class UsersModule {}
