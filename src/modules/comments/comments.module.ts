import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdempotencyModule } from '../../infrastructure/idempotency/idempotency.module';
import { ArticlesModule } from '../articles/articles.module';
import { ProfilesModule } from '../profiles/profiles.module';
import { CommentEntity } from './comment.entity';
import { CommentsController } from './comments.controller';
import { CommentsRepository } from './comments.repository';
import { CommentsService } from './comments.service';

@Module({
  imports: [
    IdempotencyModule,
    TypeOrmModule.forFeature([CommentEntity]),
    ArticlesModule,
    ProfilesModule,
  ],
  controllers: [CommentsController],
  providers: [CommentsService, CommentsRepository],
})
export class CommentsModule {}
