import type { Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { AppModule } from '../../src/app.module';
import { configureHttpApp, createFastifyAdapter } from '../../src/bootstrap/create-http-app';

/** A route the app serves: its method and its URL template (`/api/articles/:slug`). */
export interface ServedRoute {
  method: string;
  url: string;
}

const routesByApp = new WeakMap<NestFastifyApplication, ServedRoute[]>();

/**
 * The real application on Fastify, wired as src/main.ts wires it, ready for supertest
 * (`request(app.getHttpServer())`). Close it in afterAll.
 */
export async function startTestApp(
  rootModule: Type<unknown> = AppModule,
): Promise<NestFastifyApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [rootModule] }).compile();
  const adapter = createFastifyAdapter();
  const routes: ServedRoute[] = [];
  // Fastify announces every route as it is added: the list is what the app really serves.
  adapter.getInstance().addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });
  const app = moduleRef.createNestApplication<NestFastifyApplication>(adapter, {
    logger: ['error', 'warn'],
  });
  await configureHttpApp(app, adapter);
  await app.init();
  await adapter.getInstance().ready();
  routesByApp.set(app, routes);
  return app;
}

/** Every route a test app serves, as Fastify registered it. */
export function routesOf(app: NestFastifyApplication): ServedRoute[] {
  return routesByApp.get(app) ?? [];
}

/** Listens on a free loopback port, for clients that need a real socket (fetch, a browser). */
export async function listenOnLoopback(app: NestFastifyApplication): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address: unknown = app.getHttpServer().address();
  if (typeof address !== 'object' || address === null || !('port' in address)) {
    throw new Error('the app has no TCP address');
  }
  return `http://127.0.0.1:${String(address.port)}`;
}
