/**
 * Where the authentication guard learns a user's current token version (a password change moves
 * it on). Provided by the users module; answered from the shared cache, so checking a token costs
 * no database read once the user's version is cached.
 */
export interface TokenVersions {
  /** The user's current token version; undefined when the user no longer exists. */
  currentTokenVersion(userId: number): Promise<number | undefined>;
}

export const TOKEN_VERSIONS = Symbol('TOKEN_VERSIONS');
