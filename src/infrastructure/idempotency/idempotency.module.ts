import { Global, Module } from '@nestjs/common';
import { IdempotencyInterceptor } from '../../common/idempotency/idempotency.interceptor';
import { IdempotencyKeysCleanup } from './idempotency-keys-cleanup';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';

/** Idempotency-Key for the routes marked @Idempotent(): the keys' store and the interceptor. */
@Global()
@Module({
  providers: [IdempotencyKeysRepository, IdempotencyInterceptor, IdempotencyKeysCleanup],
  exports: [IdempotencyKeysRepository, IdempotencyInterceptor],
})
export class IdempotencyModule {}
