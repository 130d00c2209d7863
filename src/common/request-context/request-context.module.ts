import { Global, Module } from '@nestjs/common';
import { RequestContext } from './request-context';

/** The request context, for every module (see request-context.ts). */
@Global()
@Module({ providers: [RequestContext], exports: [RequestContext] })
export class RequestContextModule {}
