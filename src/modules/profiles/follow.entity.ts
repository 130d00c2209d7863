import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** `follower` follows `followed` (table `follows`). */
@Entity('follows')
export class FollowEntity {
  @PrimaryColumn({ name: 'follower_id', type: 'integer' })
  followerId: number;

  @PrimaryColumn({ name: 'followed_id', type: 'integer' })
  followedId: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
