/** What decides whether a token's user and session still hold (see UsersService). */
export interface TokenValidity {
  /**
   * Whether a token of this user, issued under `tokenVersion` in session `sessionId`, is still
   * valid: its user exists, and no password change since has signed its session out.
   */
  isValid(userId: number, tokenVersion: number, sessionId: string | undefined): Promise<boolean>;
}

export const TOKEN_VALIDITY = Symbol('TOKEN_VALIDITY');
