import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildProject } from '../bench/build';
import { onCleanup, runCommand } from '../bench/processes';
import { freePort } from '../bench/provision/free-port';
import { PROJECT_ROOT } from '../bench/provision/paths';
import { TcpProxy } from '../test/support/tcp-proxy';
import { AppProcess } from './app-process';
import {
  createDrillDatabase,
  DRILL_ROLE,
  STATEMENT_TIMEOUT_MS,
  type DrillDatabase,
} from './drill-database';
import { startHaproxy } from './haproxy';
import { startPgBouncer, type PgBouncer } from './pgbouncer';
import { startRedisServer } from './redis-server';
import { ensureExecutables } from './system-packages';

/** The limits every instance runs with; the rate-limit scenario counts against them. */
export const THROTTLE_LIMIT = 1_000;
export const THROTTLE_TTL_SECONDS = 10;
export const SHUTDOWN_DRAIN_MS = 3_000;

/** Everything a scenario reaches: the load balancer, each process, and the cuttable links. */
export interface Topology {
  runId: string;
  logDir: string;
  /** HAProxy, in front of both API instances. */
  baseUrl: string;
  apis: AppProcess[];
  workers: AppProcess[];
  /** TCP proxies between every process and PgBouncer / Redis, to cut and restore. */
  postgresLink: TcpProxy;
  redisLink: TcpProxy;
  database: DrillDatabase;
  pgbouncer: PgBouncer;
  /** The environment the processes share, for the CLI. */
  sharedEnv: NodeJS.ProcessEnv;
}

export async function migrate(database: DrillDatabase): Promise<void> {
  await runCommand(
    process.execPath,
    [
      'node_modules/typeorm/cli.js',
      'migration:run',
      '-d',
      'dist/infrastructure/database/data-source.js',
    ],
    {
      cwd: PROJECT_ROOT,
      // Direct, and without the role's statement timeout: migrations are their own step.
      env: { ...process.env, DATABASE_URL: database.directUrl, DB_STATEMENT_TIMEOUT_MS: '0' },
      label: 'migration:run',
      timeoutMs: 120_000,
    },
  );
}

/**
 * Builds the app and starts, on loopback: a database of its own, PgBouncer (transaction
 * pooling), a private Redis, a TCP proxy in front of each, two API instances and two workers
 * reaching them through the proxies, and HAProxy in front of the API instances.
 */
export async function startTopology(): Promise<Topology> {
  const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const logDir = join(PROJECT_ROOT, '.data', 'drill', runId);
  mkdirSync(logDir, { recursive: true });
  const executables = ensureExecutables();
  console.log(`drill: building (npm run build); logs in ${logDir}`);
  await buildProject();
  const database = await createDrillDatabase(runId);
  await migrate(database);
  const pgbouncer = await startPgBouncer(executables.pgbouncer, database, logDir);
  const redisPort = await startRedisServer(executables['redis-server'], logDir);
  const postgresLink = await TcpProxy.start('127.0.0.1', pgbouncer.port);
  const redisLink = await TcpProxy.start('127.0.0.1', redisPort);
  onCleanup('TCP proxies', async () => {
    await Promise.all([postgresLink.close(), redisLink.close()]);
  });

  const sharedEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DATABASE_URL: `postgres://${DRILL_ROLE}@127.0.0.1:${postgresLink.port}/${pgbouncer.database}`,
    DB_TRANSACTION_POOLING: 'true',
    DB_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
    DB_POOL_MAX: '10',
    REDIS_URL: `redis://127.0.0.1:${redisLink.port}`,
    REDIS_KEY_PREFIX: `conduit-drill-${runId}:`,
    JWT_SECRET: randomBytes(48).toString('base64url'),
    MAIL_TRANSPORT: 'log',
    // Each process serves /metrics on a METRICS_PORT of its own; the CLI has none, and production
    // wants one or the other.
    METRICS_TOKEN: randomBytes(24).toString('base64url'),
    TRUST_PROXY: '1',
    THROTTLE_LIMIT: String(THROTTLE_LIMIT),
    THROTTLE_TTL_SECONDS: String(THROTTLE_TTL_SECONDS),
    // Registrations and logins come from a few addresses: the stricter auth limit is not drilled.
    AUTH_THROTTLE_LIMIT: '1000000',
    SHUTDOWN_DRAIN_MS: String(SHUTDOWN_DRAIN_MS),
    SHUTDOWN_TIMEOUT_MS: '10000',
    // A killed worker's entries are claimed by the other one soon, not after a minute.
    EVENTS_CLAIM_IDLE_MS: '2000',
    EVENTS_RETRY_BASE_MS: '200',
  };
  const apis: AppProcess[] = [];
  const workers: AppProcess[] = [];
  for (const index of [1, 2]) {
    const port = await freePort();
    apis.push(
      new AppProcess({
        name: `api${index}`,
        script: 'dist/main.js',
        env: { ...sharedEnv, PORT: String(port), METRICS_PORT: String(await freePort()) },
        healthPort: port,
        logDir,
      }),
    );
    const healthPort = await freePort();
    workers.push(
      new AppProcess({
        name: `worker${index}`,
        script: 'dist/worker.js',
        env: {
          ...sharedEnv,
          WORKER_HEALTH_PORT: String(healthPort),
          METRICS_PORT: String(await freePort()),
        },
        healthPort,
        logDir,
      }),
    );
  }
  await Promise.all([...apis, ...workers].map((process) => process.start()));
  const balancer = await startHaproxy(
    executables.haproxy,
    apis.map((api) => api.spec.healthPort),
    logDir,
  );
  return {
    runId,
    logDir,
    baseUrl: balancer.baseUrl,
    apis,
    workers,
    postgresLink,
    redisLink,
    database,
    pgbouncer,
    sharedEnv,
  };
}
