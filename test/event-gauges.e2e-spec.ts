import { Global, Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { RequestContext } from '../src/common/request-context/request-context';
import { AppModule } from '../src/app.module';
import { EVENT_GAUGES_REFRESH_MS } from '../src/infrastructure/events/event-metrics';
import {
  createEventEnvironment,
  eventually,
  type EventEnvironment,
} from './support/event-environment';
import { recordQueries } from './support/query-counter';
import { withEnv } from './support/redis';
import { startTestApp } from './support/test-app';

const REFRESH_MS = 100;

/** The app with its event gauges refreshed every 100 ms instead of 5 s, so the test is quick. */
@Global()
@Module({
  providers: [{ provide: EVENT_GAUGES_REFRESH_MS, useValue: REFRESH_MS }],
  exports: [EVENT_GAUGES_REFRESH_MS],
})
class QuickGaugeRefresh {}

@Module({ imports: [AppModule, QuickGaugeRefresh] })
class QuickGaugesApp {}

describe('event gauges on GET /metrics', () => {
  let environment: EventEnvironment;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    // A database of its own: the backlog counted is exactly the rows this test writes.
    environment = await createEventEnvironment('gauges');
    app = await withEnv(environment.env, () => startTestApp(QuickGaugesApp));
  });

  afterAll(async () => {
    await app.close();
    await environment.dispose();
  });

  /** Rows no relay takes yet (due in an hour), so the backlog only grows. */
  async function addBacklog(count: number): Promise<void> {
    await environment.db.query(
      `INSERT INTO outbox_events (id, type, payload, occurred_at, available_at)
       SELECT gen_random_uuid(), 'article.favorited', '{}', now(), now() + interval '1 hour'
       FROM generate_series(1, $1)`,
      [count],
    );
  }

  async function scrapedBacklog(): Promise<number | undefined> {
    const { text } = await request(app.getHttpServer()).get('/metrics').expect(200);
    const line = text.split('\n').find((candidate) => candidate.startsWith('outbox_backlog '));
    return line === undefined ? undefined : Number(line.slice('outbox_backlog '.length));
  }

  it('scrapes query nothing: a timer refreshes the backlog, and the gauge follows it', async () => {
    await addBacklog(7);
    await eventually(scrapedBacklog, (backlog) => backlog === 7, 5_000);

    // Only what runs while serving a scrape counts (the request context is active then), not
    // the refresh timer's own queries.
    const context = app.get(RequestContext);
    const log = recordQueries(app.get(DataSource), () => context.requestId !== undefined);
    try {
      for (let scrape = 0; scrape < 20; scrape += 1) expect(await scrapedBacklog()).toBe(7);
    } finally {
      log.stop();
    }
    expect(log.queries.filter(({ sql }) => sql.includes('outbox_events'))).toEqual([]);

    await addBacklog(3);
    await eventually(scrapedBacklog, (backlog) => backlog === 10, 5_000);
  });
});
