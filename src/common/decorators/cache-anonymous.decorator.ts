import { SetMetadata } from '@nestjs/common';

export const CACHE_ANONYMOUS = 'conduit:cacheAnonymous';

/**
 * A GET whose response, for a caller without a token, is the same for everyone: it may be
 * served from the shared cache (AnonymousResponseCacheInterceptor).
 */
export const CacheAnonymous = (): MethodDecorator => SetMetadata(CACHE_ANONYMOUS, true);
