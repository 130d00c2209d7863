import { randomBytes } from 'node:crypto';
import { onCleanup } from '../../bench/processes';
import { freePort } from '../../bench/provision/free-port';
import { startRedisCluster } from '../../test/support/redis-cluster';
import { AppProcess } from '../app-process';
import { describeLedger, ledgerBalanced, streamGroups, waitForBalancedLedger } from '../checks';
import { createDrillDatabase } from '../drill-database';
import { articleBody, articleSlug, expectStatus, registerUser } from '../fixtures';
import { send } from '../http-client';
import { valueAt } from '../json-path';
import { burst } from '../load';
import type { Scenario, ScenarioOutcome } from '../scenario';
import { migrate, THROTTLE_LIMIT } from '../topology';

const EVENTS = 300;
const CLIENT = '127.0.0.88';

/** One counter of the process's /metrics (served on its METRICS_PORT, behind METRICS_TOKEN). */
async function metricValue(process: AppProcess, series: string): Promise<number> {
  const port = process.spec.env.METRICS_PORT ?? '';
  const answer = await send(`http://127.0.0.1:${port}`, {
    path: '/metrics',
    headers: { authorization: `Bearer ${process.spec.env.METRICS_TOKEN ?? ''}` },
  });
  const line = String(answer.body)
    .split('\n')
    .find((candidate) => candidate.startsWith(`${series} `));
  return Number(line?.split(' ')[1] ?? Number.NaN);
}

async function checkRateLimit(baseUrl: string, outcome: ScenarioOutcome): Promise<void> {
  const answers = await burst(THROTTLE_LIMIT + 100, 20, () =>
    send(baseUrl, { path: '/api/tags', from: CLIENT }),
  );
  const passed = answers.filter((answer) => answer.status === 200).length;
  const limited = answers.filter((answer) => answer.status === 429).length;
  outcome.figure(
    `rate limit: ${answers.length} requests from one client, ${passed} passed, ${limited} got 429`,
  );
  outcome.expect(
    passed === THROTTLE_LIMIT && limited === 100,
    `rate limiting is not exact on the cluster`,
  );
}

/** 8. The cache, rate limits and event streams on a Redis Cluster of three masters. */
export const redisCluster: Scenario = {
  id: 8,
  title: 'Redis Cluster (3 masters): cache, rate limits and event streams with REDIS_CLUSTER=true',
  async run({ topology }, outcome) {
    const cluster = await startRedisCluster();
    onCleanup('Redis Cluster', cluster.stop);
    const database = await createDrillDatabase(`${topology.runId}c`);
    await migrate(database);
    const env: NodeJS.ProcessEnv = {
      ...topology.sharedEnv,
      // A database of its own, straight to PostgreSQL: the other workers share the main one's outbox.
      DATABASE_URL: database.directUrl,
      DB_TRANSACTION_POOLING: 'false',
      REDIS_URL: cluster.url,
      REDIS_CLUSTER: 'true',
      REDIS_KEY_PREFIX: `conduit-drill-${topology.runId}-cluster:`,
      METRICS_TOKEN: randomBytes(24).toString('base64url'),
    };
    const apiPort = await freePort();
    const api = new AppProcess({
      name: 'cluster-api',
      script: 'dist/main.js',
      env: { ...env, PORT: String(apiPort), METRICS_PORT: String(await freePort()) },
      healthPort: apiPort,
      logDir: topology.logDir,
    });
    const workerPort = await freePort();
    const worker = new AppProcess({
      name: 'cluster-worker',
      script: 'dist/worker.js',
      env: {
        ...env,
        WORKER_HEALTH_PORT: String(workerPort),
        METRICS_PORT: String(await freePort()),
      },
      healthPort: workerPort,
      logDir: topology.logDir,
    });
    await Promise.all([api.start(), worker.start()]);
    const baseUrl = `http://127.0.0.1:${apiPort}`;
    outcome.figure(
      `cluster at ${cluster.ports.map((port) => `127.0.0.1:${port}`).join(', ')}; an API and a worker ready on it`,
    );

    await checkRateLimit(baseUrl, outcome);

    const author = await registerUser(baseUrl, `drill${topology.runId}cluster`, '127.0.1.200');
    const answers = await burst(EVENTS, 10, (sequence) =>
      send(baseUrl, {
        method: 'POST',
        path: '/api/articles',
        token: author.token,
        from: `127.0.2.${(sequence % 200) + 1}`,
        body: articleBody(`drill ${topology.runId} cluster ${sequence}`),
      }),
    );
    outcome.expect(
      answers.every((answer) => answer.status === 201),
      'an article creation failed',
    );
    const slug = articleSlug(answers[0]);
    let stale = 0;
    for (let round = 0; round < 20; round++) {
      await send(baseUrl, { path: `/api/articles/${slug}`, from: '127.0.1.201' });
      const description = `cluster revision ${round}`;
      const update = await send(baseUrl, {
        method: 'PUT',
        path: `/api/articles/${slug}`,
        token: author.token,
        from: '127.0.1.202',
        body: { article: { description } },
      });
      expectStatus(update, 200, 'updating on the cluster');
      const read = await send(baseUrl, { path: `/api/articles/${slug}`, from: '127.0.1.201' });
      if (valueAt(read.body, 'article', 'description') !== description) stale++;
    }
    const [hits, errors] = await Promise.all([
      metricValue(api, 'cache_operations_total{result="hit"}'),
      metricValue(api, 'cache_operations_total{result="error"}'),
    ]);
    outcome.figure(
      `cache: ${hits} hits, ${errors} failed operations, ${stale} stale reads in 20 update-then-read rounds`,
    );
    outcome.expect(
      hits > 0 && errors === 0 && stale === 0,
      'the cache did not work on the cluster',
    );

    const { ledger, waitedMs } = await waitForBalancedLedger(database, 60_000);
    outcome.figure(
      `events: ${describeLedger(ledger)}; balanced after ${(waitedMs / 1000).toFixed(1)} s`,
    );
    outcome.expect(
      ledgerBalanced(ledger),
      'events were not all handled exactly once through the cluster',
    );
    const stream = await streamGroups(env);
    outcome.figure(
      `consumer groups on the cluster: ${(stream?.groups ?? []).map((g) => `${g.name} pending ${g.pending}`).join('; ')}; dead letters ${stream?.deadLetterLength}`,
    );
    outcome.expect(
      (stream?.groups.length ?? 0) > 0 &&
        stream?.groups.every((g) => g.pending === 0) === true &&
        stream.deadLetterLength === 0,
      'entries pending or dead on the cluster',
    );

    // What the issue saw before REDIS_CLUSTER existed: the same node, without cluster mode.
    const plainPort = await freePort();
    const plain = new AppProcess({
      name: 'cluster-api-without-cluster-mode',
      script: 'dist/main.js',
      env: {
        ...env,
        REDIS_CLUSTER: 'false',
        PORT: String(plainPort),
        METRICS_PORT: String(await freePort()),
      },
      healthPort: plainPort,
      logDir: topology.logDir,
    });
    await plain.start('live');
    const ready = await send(plain.healthUrl, { path: `${plain.healthUrl}/ready` });
    const message = String(valueAt(ready.body, 'error', 'redis', 'message'));
    outcome.figure(
      `the same node without REDIS_CLUSTER=true: readiness ${ready.status} ("${message}")`,
    );
    outcome.expect(
      ready.status === 503 && message.includes('REDIS_CLUSTER=true'),
      'readiness did not fail on a cluster node without cluster mode',
    );
    await Promise.all([plain.stop(), api.stop(), worker.stop()]);
  },
};
