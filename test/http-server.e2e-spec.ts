import { Logger } from '@nestjs/common';
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

  it('answers a bug with 500 "Internal server error" and the request id, and logs the cause with that id', async () => {
    const logged: string[] = [];
    const spy = jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => {
      logged.push(String(message));
    });
    try {
      const response = await request(app.getHttpServer())
        .get('/api/probe/fail')
        .set('X-Request-Id', 'bug-42')
        .expect(500);
      expect(response.body).toEqual({
        errors: { server: ['Internal server error'] },
        requestId: 'bug-42',
      });
      expect(JSON.stringify(response.body)).not.toContain('password_hash');
    } finally {
      spy.mockRestore();
    }
    expect(
      logged.some(
        (line) => line.includes('bug-42') && line.includes('probe: SELECT password_hash'),
      ),
    ).toBe(true);
  });

  it('allows cross-origin calls from any origin outside production', async () => {
    const response = await request(app.getHttpServer())
      .options('/api/tags')
      .set('Origin', 'https://frontend.example')
      .set('Access-Control-Request-Method', 'GET')
      .set('Access-Control-Request-Headers', 'authorization,content-type');
    expect(response.status).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe('https://frontend.example');
    expect((response.get('Access-Control-Allow-Headers') ?? '').toLowerCase()).toContain(
      'authorization',
    );
  });
});
