import { SkipThrottle } from '@nestjs/throttler';
import { ApiExcludeController } from '@nestjs/swagger';
import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { OwnsAuthorization } from '../../common/decorators/public.decorator';
import { notFound, unauthenticated } from '../../common/errors/domain-error';
import { metricsConfig, type MetricsConfig } from '../../config/metrics.config';
import { mayReadMetrics } from './metrics-access';
import { MetricsService } from './metrics.service';

/** GET /metrics on the main port, unless METRICS_PORT moves it (metrics-server.ts). */
@OwnsAuthorization()
// For operators, described in README; the API description is for REST clients.
// Never rate limited: a throttled scrape would leave a gap in every dashboard.
@SkipThrottle()
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(metricsConfig.KEY) private readonly config: MetricsConfig,
  ) {}

  @Get()
  async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    if (this.config.port !== undefined) throw notFound('route');
    if (!mayReadMetrics(this.config.token, authorization)) {
      throw unauthenticated('token', authorization === undefined ? 'is missing' : 'is invalid');
    }
    void reply.header('content-type', this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}
