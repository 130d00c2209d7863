/** Who a valid token says is calling, the token itself (returned by GET /api/user), its session. */
export interface AuthenticatedUser {
  id: number;
  token: string;
  /** Undefined for tokens issued before sessions existed. */
  sessionId: string | undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    user?: AuthenticatedUser;
  }
}
