import { SetMetadata } from '@nestjs/common';

export const STRICT_RATE_LIMIT = 'conduit:strictRateLimit';

/** The route also counts against the stricter `auth` limit (login, registration). */
export const StrictRateLimit = (): MethodDecorator => SetMetadata(STRICT_RATE_LIMIT, true);
