import { Module } from '@nestjs/common';
import { IdempotencyInterceptor } from '../../common/idempotency/idempotency.interceptor';
import { IdempotencyKeysCleanup } from './idempotency-keys-cleanup';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';

/**
 * Idempotency-Key: the keys' store and the interceptor, for the modules whose routes are marked
 * @Idempotent() (they import this; so does any context that loads their controllers, the CLI's).
 */
@Module({
  providers: [IdempotencyKeysRepository, IdempotencyInterceptor],
  exports: [IdempotencyKeysRepository, IdempotencyInterceptor],
})
export class IdempotencyModule {}

/** The hourly deletion of expired keys: in the API process only (AppModule imports it). */
@Module({
  imports: [IdempotencyModule],
  providers: [IdempotencyKeysCleanup],
})
export class IdempotencyCleanupModule {}
