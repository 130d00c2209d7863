import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** `user` favorited `article` (table `favorites`). */
@Entity('favorites')
export class FavoriteEntity {
  @PrimaryColumn({ name: 'user_id', type: 'integer' })
  userId: number;

  @PrimaryColumn({ name: 'article_id', type: 'integer' })
  articleId: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
