import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A tag name, shared by every article that carries it (table `tags`; links in `article_tags`). */
@Entity('tags')
export class TagEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ type: 'varchar', length: 64, unique: true })
  name: string;

  /** How many articles carry it, kept by triggers on article_tags. */
  @Column({ name: 'article_count', type: 'integer', default: 0 })
  articleCount: number;
}
