import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { createServer, type Server } from 'node:http';
import { httpConfig, type HttpConfig } from '../../config/http.config';
import { metricsConfig, type MetricsConfig } from '../../config/metrics.config';
import { mayReadMetrics } from './metrics-access';
import { MetricsService } from './metrics.service';

/** With METRICS_PORT set, GET /metrics is served there, off the public port. */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private server: Server | undefined;

  constructor(
    private readonly metrics: MetricsService,
    @Inject(metricsConfig.KEY) private readonly config: MetricsConfig,
    @Inject(httpConfig.KEY) private readonly http: HttpConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { port, token } = this.config;
    if (port === undefined) return;
    this.server = createServer((request, response) => {
      if (request.method !== 'GET' || request.url !== '/metrics') {
        response.writeHead(404).end();
        return;
      }
      if (!mayReadMetrics(token, request.headers.authorization)) {
        response.writeHead(401).end();
        return;
      }
      void this.metrics.registry.metrics().then(
        (body) =>
          response.writeHead(200, { 'content-type': this.metrics.registry.contentType }).end(body),
        () => response.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolve) => this.server?.listen(port, this.http.host, resolve));
    new Logger('Metrics').log(`Metrics on http://${this.http.host}:${port}/metrics`);
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }
}
