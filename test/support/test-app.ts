import type { Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { AppModule } from '../../src/app.module';
import { configureHttpApp, createFastifyAdapter } from '../../src/bootstrap/create-http-app';

/**
 * The real application on Fastify, wired as src/main.ts wires it, ready for supertest
 * (`request(app.getHttpServer())`). Close it in afterAll.
 */
export async function startTestApp(
  rootModule: Type<unknown> = AppModule,
): Promise<NestFastifyApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [rootModule] }).compile();
  const adapter = createFastifyAdapter();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(adapter, {
    logger: ['error', 'warn'],
  });
  await configureHttpApp(app, adapter);
  await app.init();
  await adapter.getInstance().ready();
  return app;
}
