import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An article (table `articles`). Queries live in articles.repository.ts. */
@Entity('articles')
export class ArticleEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ type: 'varchar', length: 255, unique: true })
  slug: string;

  @Column({ type: 'varchar', length: 255 })
  title: string;

  @Column({ type: 'varchar', length: 1000 })
  description: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ name: 'author_id', type: 'integer' })
  authorId: number;

  /** Kept exact in the same transaction as each favorite row's insert or delete. */
  @Column({ name: 'favorites_count', type: 'integer', default: 0 })
  favoritesCount: number;

  @Column({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
