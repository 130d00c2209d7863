import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'conduit:isPublic';

/**
 * The route works without a token. A valid token still identifies the viewer (for
 * `following` and `favorited`); a bad one is refused. Routes without it require a token.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

export const OWNS_AUTHORIZATION = 'conduit:ownsAuthorization';

/**
 * The route reads the Authorization header itself (GET /metrics takes a static bearer token):
 * the authentication guard leaves the header alone there.
 */
export const OwnsAuthorization = (): MethodDecorator & ClassDecorator =>
  SetMetadata(OWNS_AUTHORIZATION, true);
