import { Controller, Get, Module, Query } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { Public } from '../src/common/decorators/public.decorator';
import { expectErrors } from './support/conduit-client';
import { withEnv } from './support/redis';
import { startTestApp } from './support/test-app';

/** A route whose statement takes as long as asked, to play a slow query. */
@Public()
@Controller('probe')
class SlowQueryController {
  constructor(private readonly dataSource: DataSource) {}

  @Get('sleep')
  async sleep(@Query('ms') ms: string): Promise<{ slept: number }> {
    await this.dataSource.query('SELECT pg_sleep($1::float / 1000)', [Number(ms)]);
    return { slept: Number(ms) };
  }
}

@Module({ imports: [AppModule], controllers: [SlowQueryController] })
class SlowQueryModule {}

const BUSY = { server: ['temporarily unavailable; retry after 1 seconds'] };

/**
 * What cannot be served in time is refused with 503, Retry-After and the error format, never a
 * 500: a statement over DB_STATEMENT_TIMEOUT_MS, a request that finds no free connection within
 * DB_CONNECT_TIMEOUT_MS.
 */
describe('a database that cannot serve in time', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await withEnv(
      { DB_STATEMENT_TIMEOUT_MS: '300', DB_POOL_MAX: '1', DB_CONNECT_TIMEOUT_MS: '100' },
      () => startTestApp(SlowQueryModule),
    );
  });
  afterAll(async () => app.close());

  const sleep = (ms: number) => request(app.getHttpServer()).get(`/api/probe/sleep?ms=${ms}`);

  it('answers a statement cut by the statement timeout with 503 and Retry-After', async () => {
    const response = await sleep(2_000);
    expectErrors(response, 503, BUSY);
    expect(response.headers['retry-after']).toBe('1');
    expect((await sleep(10)).status).toBe(200);
  });

  it('answers a request that finds no free connection in time with 503 and Retry-After', async () => {
    // The one connection is busy for 250 ms; the next request may wait only 100 ms for it.
    // (supertest sends a request when it is awaited: then() starts it now.)
    const holding = sleep(250).then((response) => response);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const refused = await sleep(10);
    expectErrors(refused, 503, BUSY);
    expect(refused.headers['retry-after']).toBe('1');
    expect((await holding).status).toBe(200);
  });
});
