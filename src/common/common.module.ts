import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { AllExceptionsFilter } from './filters/all-exceptions.filter';
import { AuthenticationGuard } from './guards/authentication.guard';
import { AppThrottlerGuard } from './guards/throttler.guard';
import { createValidationPipe } from './pipes/validation.pipe';
import { ResponseCacheInterceptor } from './response-cache/response-cache.interceptor';
import { ResponseCacheLookups } from './response-cache/response-cache-lookups';
import { ResponseCacheRules } from './response-cache/response-cache-rules';

/**
 * Cross-cutting HTTP machinery, registered as APP_* providers so that the API, the tests
 * and any other Nest application over AppModule get the same wiring.
 */
@Module({
  providers: [
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
    // Guards run in this order: a flood is refused before any token is verified.
    { provide: APP_GUARD, useClass: AppThrottlerGuard },
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    { provide: APP_PIPE, useFactory: createValidationPipe },
    ResponseCacheRules,
    ResponseCacheLookups,
    { provide: APP_INTERCEPTOR, useClass: ResponseCacheInterceptor },
  ],
  exports: [ResponseCacheLookups],
})
export class CommonModule {}
