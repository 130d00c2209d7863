/** The author of an article or comment, as repositories read it (viewer-independent). */
export interface Author {
  id: number;
  username: string;
  bio: string | null;
  image: string | null;
}

/** The author columns a query selects from `users u`, under these names. */
export const AUTHOR_COLUMNS =
  'u.id AS author_id, u.username AS author_username, u.bio AS author_bio, u.image AS author_image';

export interface AuthorColumns {
  author_id: number;
  author_username: string;
  author_bio: string | null;
  author_image: string | null;
}

export function authorOf(record: AuthorColumns): Author {
  return {
    id: record.author_id,
    username: record.author_username,
    bio: record.author_bio,
    image: record.author_image,
  };
}
