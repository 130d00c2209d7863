import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { startTestApp } from './support/test-app';

describe('health probes', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => (app = await startTestApp()));
  afterAll(async () => app.close());

  it('GET /health/live answers 200', async () => {
    const response = await request(app.getHttpServer()).get('/health/live').expect(200);
    expect(response.body).toEqual({ status: 'ok' });
  });
});
