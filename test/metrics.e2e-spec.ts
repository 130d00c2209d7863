import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { ConduitClient } from './support/conduit-client';
import { freePort } from './support/free-port';
import { withEnv } from './support/redis';
import { startTestApp } from './support/test-app';

/** Prometheus text format → sample name with labels → value. */
function parseMetrics(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const separator = line.lastIndexOf(' ');
    samples.set(line.slice(0, separator), Number(line.slice(separator + 1)));
  }
  return samples;
}

const names = (samples: Map<string, number>): string[] => [...samples.keys()];

describe('GET /metrics', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => (app = await startTestApp()));
  afterAll(async () => app.close());

  it('exposes request durations by route template, Node, pool, cache and rate-limit metrics', async () => {
    const api = new ConduitClient(app);
    const author = await api.register('metrics');
    const { slug } = await api.createArticle(author.token);
    await api.get(`/api/articles/${slug}`).expect(200);
    await api.get(`/api/articles/${slug}`).expect(200);
    await api.get('/api/nowhere').expect(404);

    const response = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(response.headers['content-type']).toContain('text/plain');
    const samples = parseMetrics(response.text);
    const byRoute =
      'http_request_duration_seconds_count{method="GET",route="/api/articles/:slug",status_code="200"}';
    expect(samples.get(byRoute)).toBeGreaterThanOrEqual(2);
    expect(
      samples.get(
        'http_request_duration_seconds_count{method="GET",route="unmatched",status_code="404"}',
      ),
    ).toBeGreaterThanOrEqual(1);
    // The raw URL never becomes a label.
    expect(response.text).not.toContain(slug);
    for (const expected of [
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
      'db_pool_connections{state="total"}',
      'db_pool_connections{state="idle"}',
      'db_pool_connections{state="waiting"}',
      'cache_operations_total{result="hit"}',
      'cache_operations_total{result="miss"}',
      'cache_operations_total{result="error"}',
      'rate_limit_rejections_total',
    ]) {
      expect(names(samples)).toContain(expected);
    }
    // Declared from the start; its samples appear after the first garbage collection.
    expect(response.text).toContain('# TYPE nodejs_gc_duration_seconds histogram');
    expect(samples.get('db_pool_connections{state="total"}')).toBeGreaterThanOrEqual(1);
    expect(samples.get('cache_operations_total{result="hit"}')).toBeGreaterThanOrEqual(1);
  });
});

describe('GET /metrics with METRICS_TOKEN and METRICS_PORT', () => {
  it('requires the bearer token when one is set', async () => {
    const token = randomBytes(24).toString('hex');
    const app = await withEnv({ METRICS_TOKEN: token }, () => startTestApp());
    try {
      await request(app.getHttpServer()).get('/metrics').expect(401);
      await request(app.getHttpServer())
        .get('/metrics')
        .set('Authorization', 'Bearer wrong')
        .expect(401);
      await request(app.getHttpServer())
        .get('/metrics')
        .set('Authorization', `Bearer ${token}`)
        .expect(200);
    } finally {
      await app.close();
    }
  });

  it('moves to METRICS_PORT when set, off the main port', async () => {
    const port = await freePort();
    const app = await withEnv({ METRICS_PORT: String(port), HOST: '127.0.0.1' }, () =>
      startTestApp(),
    );
    try {
      await request(app.getHttpServer()).get('/metrics').expect(404);
      const response = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('http_request_duration_seconds');
    } finally {
      await app.close();
    }
  });
});
