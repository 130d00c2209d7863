import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { MAX_BODY_BYTES } from '../src/bootstrap/create-http-app';
import { ProbeAppModule } from './fixtures/probe.module';
import { startTestApp } from './support/test-app';

/** A JSON document (one string) of exactly `size` bytes. */
function jsonOfSize(size: number): string {
  return `"${'x'.repeat(size - 2)}"`;
}

describe('HTTP server', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => (app = await startTestApp(ProbeAppModule)));
  afterAll(async () => app.close());

  it('accepts Content-Type: application/json with an empty body', async () => {
    const response = await request(app.getHttpServer())
      .post('/api/probe/echo')
      .set('Content-Type', 'application/json')
      .expect(200);
    expect(response.body).toEqual({ received: null });
  });

  it('parses a JSON body', async () => {
    const response = await request(app.getHttpServer())
      .post('/api/probe/echo')
      .send({ a: [1, 'two'] })
      .expect(200);
    expect(response.body).toEqual({ received: { a: [1, 'two'] } });
  });

  it('answers malformed JSON with 400', async () => {
    await request(app.getHttpServer())
      .post('/api/probe/echo')
      .set('Content-Type', 'application/json')
      .send('{"a":')
      .expect(400);
  });

  it('refuses a __proto__ key rather than polluting prototypes', async () => {
    await request(app.getHttpServer())
      .post('/api/probe/echo')
      .set('Content-Type', 'application/json')
      .send('{"__proto__":{"polluted":true}}')
      .expect(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('accepts a body of exactly 1 MiB and answers 413 to one byte more', async () => {
    await request(app.getHttpServer())
      .post('/api/probe/echo')
      .set('Content-Type', 'application/json')
      .send(jsonOfSize(MAX_BODY_BYTES))
      .expect(200);
    await request(app.getHttpServer())
      .post('/api/probe/echo')
      .set('Content-Type', 'application/json')
      .send(jsonOfSize(MAX_BODY_BYTES + 1))
      .expect(413);
  });
});
