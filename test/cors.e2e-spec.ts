import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request, { type Response } from 'supertest';
import { ConduitClient, tokenAuth } from './support/conduit-client';
import { withEnv } from './support/redis';
import { routesOf, startTestApp, type ServedRoute } from './support/test-app';

const ALLOWED = 'https://app.example.com';
const OTHER_ALLOWED = 'https://admin.example.com';
const DISALLOWED = 'https://evil.example.com';

/** A concrete path for a route template: every `:param` (and a trailing wildcard) filled in. */
function pathOf(route: ServedRoute): string {
  return route.url.replace(/:[^/]+/g, 'x').replace(/\*$/, 'x');
}

/** Splits a comma-separated header into lower-cased items. */
function listOf(header: unknown): string[] {
  return typeof header === 'string'
    ? header.split(',').map((item) => item.trim().toLowerCase())
    : [];
}

/** The preflight a browser sends before a credentialed JSON call of `method` from `origin`. */
function preflight(app: NestFastifyApplication, path: string, method: string, origin: string) {
  return request(app.getHttpServer())
    .options(path)
    .set('Origin', origin)
    .set('Access-Control-Request-Method', method)
    .set('Access-Control-Request-Headers', 'authorization,content-type,idempotency-key');
}

function allows(response: Response, origin: string, method: string): boolean {
  return (
    response.status < 300 &&
    response.headers['access-control-allow-origin'] === origin &&
    listOf(response.headers['access-control-allow-methods']).includes(method.toLowerCase()) &&
    ['authorization', 'content-type', 'idempotency-key'].every((header) =>
      listOf(response.headers['access-control-allow-headers']).includes(header),
    )
  );
}

/**
 * A RealWorld frontend served from another origin must be able to call every route: the
 * browser sends a preflight (OPTIONS) for each PUT and DELETE, and for any call carrying
 * Authorization or a JSON Content-Type, and calls only when the answer allows it.
 */
describe('CORS for browser clients on other origins (CORS_ORIGINS allowlist)', () => {
  let app: NestFastifyApplication;
  let routes: ServedRoute[];

  beforeAll(async () => {
    app = await withEnv({ CORS_ORIGINS: `${ALLOWED}, ${OTHER_ALLOWED}` }, () => startTestApp());
    // OPTIONS is the preflight itself; the wildcard is the CORS plugin's own preflight route.
    routes = routesOf(app).filter((route) => route.method !== 'OPTIONS' && route.url !== '*');
  });
  afterAll(async () => app.close());

  it('serves the Conduit routes, so the checks below cover them', () => {
    const served = new Set(routes.map((route) => `${route.method} ${route.url}`));
    for (const route of [
      'PUT /api/user',
      'PUT /api/articles/:slug',
      'DELETE /api/articles/:slug',
      'DELETE /api/articles/:slug/comments/:id',
      'DELETE /api/articles/:slug/favorite',
      'DELETE /api/profiles/:username/follow',
      'POST /api/articles',
      'GET /api/articles/feed',
    ]) {
      expect(served).toContain(route);
    }
  });

  it('allows every route and method of the API from an allowed origin', async () => {
    const refused: string[] = [];
    for (const route of routes) {
      const response = await preflight(app, pathOf(route), route.method, OTHER_ALLOWED);
      if (!allows(response, OTHER_ALLOWED, route.method)) {
        refused.push(
          `${route.method} ${route.url}: ${response.status} allow-methods=${response.headers['access-control-allow-methods']}`,
        );
      }
    }
    expect(refused).toEqual([]);
  });

  it('does not allow any route from an origin outside the list', async () => {
    const allowed: string[] = [];
    for (const route of routes) {
      const response = await preflight(app, pathOf(route), route.method, DISALLOWED);
      if (response.headers['access-control-allow-origin'] !== undefined) {
        allowed.push(`${route.method} ${route.url}`);
      }
    }
    expect(allowed).toEqual([]);
  });

  it('lets an allowed origin read the answer of a PUT, and its request id', async () => {
    const api = new ConduitClient(app);
    const user = await api.register('cors');
    const response = await request(app.getHttpServer())
      .put('/api/user')
      .set('Origin', ALLOWED)
      .set('Authorization', tokenAuth(user.token))
      .send({ user: { bio: 'from another origin' } });
    expect(response.status).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(listOf(response.headers['access-control-expose-headers'])).toEqual(
      expect.arrayContaining(['x-request-id', 'idempotent-replayed']),
    );
    expect(listOf(response.headers.vary)).toContain('origin');
  });
});
