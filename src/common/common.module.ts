import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { AllExceptionsFilter } from './filters/all-exceptions.filter';
import { AuthenticationGuard } from './guards/authentication.guard';
import { RateLimitGuard } from './guards/rate-limit.guard';
import { AnonymousResponseCacheInterceptor } from './interceptors/anonymous-response-cache.interceptor';
import { createValidationPipe } from './pipes/validation.pipe';

/**
 * Cross-cutting HTTP machinery, registered as APP_* providers so that the API, the tests
 * and any other Nest application over AppModule get the same wiring.
 */
@Module({
  providers: [
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
    // Rate limits first: refusing a flood must cost less than checking its tokens.
    { provide: APP_GUARD, useClass: RateLimitGuard },
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_INTERCEPTOR, useClass: AnonymousResponseCacheInterceptor },
  ],
})
export class CommonModule {}
