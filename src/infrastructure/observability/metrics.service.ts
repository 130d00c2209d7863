import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { AppCache } from '../cache/app-cache';
import { poolOf } from '../database/sql-client';

/**
 * Every metric of the process, in its own registry (so several apps in one test process do not
 * collide). Request rate, error rate and latency percentiles follow from the histogram.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpRequestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route template and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly rateLimitRejections = new Counter({
    name: 'rate_limit_rejections_total',
    help: 'Requests refused with 429',
    registers: [this.registry],
  });

  readonly databasePool: Gauge<'state'>;
  readonly cacheOperations: Counter<'result'>;

  constructor(dataSource: DataSource, cache: AppCache) {
    collectDefaultMetrics({ register: this.registry });
    this.databasePool = new Gauge({
      name: 'db_pool_connections',
      help: 'Database pool connections by state (total, idle, waiting clients)',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const pool = poolOf(dataSource);
        if (!pool) return;
        this.set({ state: 'total' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
    this.cacheOperations = new Counter({
      name: 'cache_operations_total',
      help: 'Cache reads by result (hit, miss) and failed cache operations (error)',
      labelNames: ['result'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc({ result: 'hit' }, cache.stats.hits);
        this.inc({ result: 'miss' }, cache.stats.misses);
        this.inc({ result: 'error' }, cache.stats.errors);
      },
    });
  }

  /** The histogram's series per method, route and status, so a response need not hash labels. */
  private readonly requestSeries = new Map<string, { observe(seconds: number): void }>();

  /** Called once per response, with the route template (never the raw URL: it would explode the labels). */
  recordRequest(method: string, route: string, statusCode: number, seconds: number): void {
    const name = `${method} ${statusCode} ${route}`;
    let series = this.requestSeries.get(name);
    if (series === undefined) {
      series = this.httpRequestDuration.labels({ method, route, status_code: String(statusCode) });
      this.requestSeries.set(name, series);
    }
    series.observe(seconds);
  }
}
