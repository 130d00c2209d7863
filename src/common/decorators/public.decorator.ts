import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'conduit:isPublic';

/**
 * The route works without a token. A valid token still identifies the viewer (for
 * `following` and `favorited`); a bad one is refused. Routes without it require a token.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
