import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdempotencyModule } from '../../infrastructure/idempotency/idempotency.module';
import { UsersModule } from '../users/users.module';
import { FollowEntity } from './follow.entity';
import { FollowsRepository } from './follows.repository';
import { ProfilesController } from './profiles.controller';
import { ProfilesService } from './profiles.service';

@Module({
  imports: [IdempotencyModule, TypeOrmModule.forFeature([FollowEntity]), UsersModule],
  controllers: [ProfilesController],
  providers: [ProfilesService, FollowsRepository],
  exports: [FollowsRepository],
})
export class ProfilesModule {}
