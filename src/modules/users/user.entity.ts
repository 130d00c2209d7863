import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/** A registered account (table `users`, see migrations/…-CreateUsers.ts). */
@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS' })
  id: number;

  @Column({ type: 'varchar', length: 255 })
  email: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  username: string;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash: string;

  @Column({ type: 'text', nullable: true })
  bio: string | null;

  @Column({ type: 'text', nullable: true })
  image: string | null;

  /**
   * Moves on at every password change: tokens issued under an older version are refused,
   * but for those of the session that made the change (keptSessionId).
   */
  @Column({ name: 'token_version', type: 'integer', default: 0 })
  tokenVersion: number;

  @Column({ name: 'kept_session_id', type: 'varchar', length: 64, nullable: true })
  keptSessionId: string | null;

  /** How many articles the user wrote, kept by triggers on articles. */
  @Column({ name: 'articles_count', type: 'integer', default: 0 })
  articlesCount: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
