import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { AuthenticatedUser } from '../guards/authenticated-user';

function userOf(context: ExecutionContext): AuthenticatedUser | undefined {
  return context.switchToHttp().getRequest<FastifyRequest>().user;
}

/** The authenticated user on a route that requires a token (the guard guarantees one). */
export const CurrentUser = createParamDecorator(
  (_: unknown, context: ExecutionContext): AuthenticatedUser => {
    const user = userOf(context);
    if (!user) throw new Error('@CurrentUser() used on a @Public() route: use @Viewer() there');
    return user;
  },
);

/** On a @Public() route: the user when a valid token came, else undefined. */
export const Viewer = createParamDecorator(
  (_: unknown, context: ExecutionContext): AuthenticatedUser | undefined => userOf(context),
);
