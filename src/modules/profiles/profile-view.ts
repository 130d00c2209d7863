import type { Author } from './author';

/** The `profile` object (also every `author`): public account data, and whether the viewer follows it. */
export interface ProfileView {
  username: string;
  bio: string | null;
  image: string | null;
  following: boolean;
}

export function toProfileView(user: Omit<Author, 'id'>, following: boolean): ProfileView {
  return { username: user.username, bio: user.bio, image: user.image, following };
}
