/** Who a valid token says is calling, and the token itself (returned by GET /api/user). */
export interface AuthenticatedUser {
  id: number;
  token: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    user?: AuthenticatedUser;
  }
}
