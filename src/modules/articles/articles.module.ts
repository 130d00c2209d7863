import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdempotencyModule } from '../../infrastructure/idempotency/idempotency.module';
import { ProfilesModule } from '../profiles/profiles.module';
import { TagsModule } from '../tags/tags.module';
import { UsersModule } from '../users/users.module';
import { ArticleEntity } from './article.entity';
import { ArticlesController } from './articles.controller';
import { ArticlesRepository } from './articles.repository';
import { ArticlesService } from './articles.service';
import { FavoriteEntity } from './favorite.entity';
import { FavoritesRepository } from './favorites.repository';

@Module({
  imports: [
    IdempotencyModule,
    TypeOrmModule.forFeature([ArticleEntity, FavoriteEntity]),
    ProfilesModule,
    TagsModule,
    UsersModule,
  ],
  controllers: [ArticlesController],
  providers: [ArticlesService, ArticlesRepository, FavoritesRepository],
  exports: [ArticlesRepository],
})
export class ArticlesModule {}
