import {
  type CallHandler,
  type ExecutionContext,
  HttpStatus,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { IdempotencyKeysRepository } from '../../infrastructure/idempotency/idempotency-keys.repository';
import { inProgress, invalid } from '../errors/domain-error';
import { requestFingerprint } from './request-fingerprint';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';
const FIELD = 'Idempotency-Key';
const KEY_MAX_LENGTH = 255;

function keyOf(request: FastifyRequest): string | undefined {
  const raw = request.headers[IDEMPOTENCY_KEY_HEADER];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > KEY_MAX_LENGTH) {
    throw invalid({ [FIELD]: [`must be 1 to ${KEY_MAX_LENGTH} characters`] });
  }
  return raw;
}

/**
 * Stripe's Idempotency-Key on a POST: the first request with a key runs and its answer is kept
 * for 24 hours; a retry with the same key and the same request gets that answer again (with
 * `Idempotent-Replayed: true`) and changes nothing; the same key with another request is 422;
 * a retry while the first still runs is 409. Keys belong to the signed-in user, or to the
 * client address where there is none (registration), so one user never sees another's. Kept in
 * PostgreSQL, shared by every replica. A request that fails releases its key: a retry runs anew.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly keys: IdempotencyKeysRepository) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const key = keyOf(request);
    if (key === undefined) return next.handle();
    const owner = request.user === undefined ? `client:${request.ip}` : `user:${request.user.id}`;
    const fingerprint = requestFingerprint(request.method, request.url, request.body);
    const status: unknown = Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler());
    const successStatus = typeof status === 'number' ? status : HttpStatus.CREATED;
    return from(
      this.run(owner, key, fingerprint, successStatus, http.getResponse<FastifyReply>(), next),
    );
  }

  private async run(
    owner: string,
    key: string,
    fingerprint: string,
    successStatus: number,
    reply: FastifyReply,
    next: CallHandler,
  ): Promise<unknown> {
    const claim = await this.keys.claim(owner, key, fingerprint);
    switch (claim.kind) {
      case 'different_request':
        throw invalid({ [FIELD]: ['was already used with a different request'] });
      case 'in_progress':
        throw inProgress(FIELD);
      case 'replay':
        void reply.header(REPLAYED_HEADER, 'true').type('application/json; charset=utf-8');
        // The kept JSON goes out as it was first sent (a string is not serialised again).
        return claim.body;
      case 'claimed':
        break;
    }
    let result: unknown;
    try {
      result = await lastValueFrom(next.handle(), { defaultValue: undefined });
    } catch (error) {
      await this.keys.release(owner, key);
      throw error;
    }
    await this.keys.complete(owner, key, successStatus, JSON.stringify(result ?? null));
    return result;
  }
}
