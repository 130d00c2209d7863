import { SkipThrottle } from '@nestjs/throttler';
import { ApiExcludeController } from '@nestjs/swagger';
import { Controller, Get, HttpException, Res } from '@nestjs/common';
import {
  HealthCheckService,
  type HealthCheckResult,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Public } from '../../common/decorators/public.decorator';
import { AppLifecycle } from './app-lifecycle';
import { RedisHealthIndicator } from './redis.health';

const CHECK_TIMEOUT_MS = 1_000;

type ProbeBody = HealthCheckResult | { status: 'ok' | 'error'; reason?: string } | object;

/**
 * Kubernetes probes, in terminus's body format (`status`, `info`, `error`, `details`):
 * - live: the process and its event loop answer. It checks no shared dependency, or an outage
 *   of PostgreSQL or Redis would make Kubernetes restart every pod at once.
 * - ready: PostgreSQL answers a pooled query and Redis a PING, each within 1 s; 503 naming the
 *   failed check, and 503 from the moment shutdown begins.
 * - startup: the app is initialised and no migration is pending.
 */
// Probes are never rate limited: a throttled probe would restart a healthy pod.
@Public()
// For operators, described in README; the API description is for REST clients.
// Never rate limited: a throttled probe would restart a healthy pod.
@SkipThrottle()
@ApiExcludeController()
@Controller('health')
export class HealthController {
  /** Once true it stays true: migrations are not un-applied under a running pod. */
  private migrationsApplied = false;

  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly lifecycle: AppLifecycle,
    private readonly dataSource: DataSource,
  ) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ProbeBody> {
    if (this.lifecycle.isShuttingDown) return this.unavailable(reply, 'shutting down');
    try {
      return await this.health.check([
        () => this.database.pingCheck('database').withTimeout(CHECK_TIMEOUT_MS),
        () => this.redis.pingCheck(CHECK_TIMEOUT_MS),
      ]);
    } catch (error) {
      // terminus throws a 503 whose body names the failed checks: answer with that body.
      if (error instanceof HttpException) {
        void reply.status(error.getStatus());
        const body = error.getResponse();
        return typeof body === 'string' ? { status: 'error', reason: body } : body;
      }
      throw error;
    }
  }

  @Get('startup')
  async startup(@Res({ passthrough: true }) reply: FastifyReply): Promise<ProbeBody> {
    if (!this.lifecycle.isStarted) return this.unavailable(reply, 'initialising');
    this.migrationsApplied ||= !(await this.dataSource.showMigrations());
    return this.migrationsApplied
      ? { status: 'ok' }
      : this.unavailable(reply, 'migrations pending');
  }

  private unavailable(reply: FastifyReply, reason: string): ProbeBody {
    void reply.status(503);
    return { status: 'error', reason };
  }
}
