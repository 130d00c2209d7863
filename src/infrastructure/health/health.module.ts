import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AppLifecycle } from './app-lifecycle';
import { HealthController } from './health.controller';
import { REDIS_READINESS, RedisHealthIndicator, type RedisReadiness } from './redis.health';

/** The probes (/health/*) and the process's lifecycle state, for the API and the worker. */
@Module({})
export class HealthModule {
  /** `redis`: whether this process is ready while Redis is unreachable (redis.health.ts). */
  static forProcess(redis: RedisReadiness): DynamicModule {
    return {
      module: HealthModule,
      global: true,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      providers: [
        AppLifecycle,
        RedisHealthIndicator,
        { provide: REDIS_READINESS, useValue: redis },
      ],
      exports: [AppLifecycle],
    };
  }
}
