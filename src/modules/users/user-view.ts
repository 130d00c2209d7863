import type { Account } from './users.repository';

/** The `user` object of the RealWorld API: the caller's own account and a token. */
export interface UserView {
  email: string;
  token: string;
  username: string;
  bio: string | null;
  image: string | null;
  /** Only from login, registration, refresh and a password change. */
  refreshToken?: string;
}

export function toUserView(
  user: Omit<Account, 'id' | 'tokenVersion'>,
  token: string,
  refreshToken?: string,
): UserView {
  return {
    email: user.email,
    token,
    username: user.username,
    bio: user.bio,
    image: user.image,
    ...(refreshToken === undefined ? {} : { refreshToken }),
  };
}
