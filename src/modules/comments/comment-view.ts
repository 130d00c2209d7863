import { toProfileView, type ProfileView } from '../profiles/profile-view';
import type { CommentRow } from './comments.repository';

export interface CommentView {
  id: number;
  createdAt: string;
  updatedAt: string;
  body: string;
  author: ProfileView;
}

export function toCommentView(
  row: CommentRow,
  followedAuthorIds: ReadonlySet<number>,
): CommentView {
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    body: row.body,
    author: toProfileView(row.author, followedAuthorIds.has(row.author.id)),
  };
}
