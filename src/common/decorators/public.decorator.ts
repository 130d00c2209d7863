import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';

/** The security scheme `Authorization: Token <jwt>` is described as (the RealWorld spec's name). */
export const TOKEN_SCHEME = 'Token';

export const IS_PUBLIC = 'conduit:isPublic';

/**
 * The route works without a token. A valid token still identifies the viewer (for
 * `following` and `favorited`); a bad one is refused. Routes without it require a token.
 */
export const Public = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(IS_PUBLIC, true),
    // In the API description: no token needed, one accepted (the document requires it elsewhere).
    ApiSecurity({}),
    ApiSecurity(TOKEN_SCHEME),
  );

export const OWNS_AUTHORIZATION = 'conduit:ownsAuthorization';

/**
 * The route reads the Authorization header itself (GET /metrics takes a static bearer token):
 * the authentication guard leaves the header alone there.
 */
export const OwnsAuthorization = (): MethodDecorator & ClassDecorator =>
  SetMetadata(OWNS_AUTHORIZATION, true);
