import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { CEILING_ENTRY } from './build';
import { productionCommand } from './production-command';
import { freePort } from './provision/free-port';
import { BENCH_DATA_DIR } from './provision/paths';
import type { RedisServer } from './provision/redis';
import { startServer, type RunningServer } from './server-process';

/** What both servers (and the seeding CLI) are configured with. */
export interface ServerSettings {
  databaseUrl: string;
  redis: RedisServer;
  /** A random 48-byte value, as production sets it. */
  jwtSecret: string;
  /** Production serves /metrics only with a token. */
  metricsToken: string;
  logDir: string;
}

/** Fresh secrets for a run: random 48 bytes for JWTs (as production), 24 for /metrics. */
export function newSecrets(): { jwtSecret: string; metricsToken: string } {
  return {
    jwtSecret: randomBytes(48).toString('base64url'),
    metricsToken: randomBytes(24).toString('base64url'),
  };
}

/** Rate limits lifted: the load comes from one address, and limiting it is not what is measured. */
const NO_LIMIT = '1000000000';

/**
 * Production's configuration. The environment starts empty (PATH and HOME aside), so that
 * nothing of the caller's (tracing endpoints, NODE_OPTIONS) changes what is measured; the
 * variables `start:prod` sets (glibc's malloc settings) are production's too.
 */
export function productionEnvironment(settings: ServerSettings): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...productionCommand().env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    DATABASE_URL: settings.databaseUrl,
    REDIS_URL: settings.redis.url,
    REDIS_KEY_PREFIX: settings.redis.keyPrefix,
    JWT_SECRET: settings.jwtSecret,
    // A run (--scale above all) outlasts the default 15-minute tokens its fixtures log in for.
    JWT_TTL: '12h',
    METRICS_TOKEN: settings.metricsToken,
    // No SMTP server here: mail (none is sent by the scenarios) goes to the log.
    MAIL_TRANSPORT: 'log',
    THROTTLE_LIMIT: NO_LIMIT,
    AUTH_THROTTLE_LIMIT: NO_LIMIT,
    // Stopping between runs needs no drain: no load balancer is watching.
    SHUTDOWN_DRAIN_MS: '0',
  };
}

/** Where `--profile` has node write the servers' CPU profiles (when they exit). */
export const PROFILE_DIR = join(BENCH_DATA_DIR, 'profiles');

/** node's flags that write `<name>-<time>.cpuprofile` into PROFILE_DIR when the server exits. */
function profiling(profile: boolean, name: string): string[] {
  const file = `${name}-${Date.now()}.cpuprofile`;
  return profile ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR, '--cpu-prof-name', file] : [];
}

/**
 * `node <flags> dist/main.js`, as `npm run start:prod` runs it, its stdout (the JSON request
 * log) to a file; with `profile`, under `--cpu-prof` (the sampling costs a few percent, so
 * compare profiled runs with each other only).
 */
export async function startOurs(settings: ServerSettings, profile = false): Promise<RunningServer> {
  const port = await freePort();
  const { nodeFlags, entry } = productionCommand();
  return startServer({
    name: 'ours',
    nodeArgs: [...profiling(profile, 'ours'), ...nodeFlags, entry],
    env: { ...productionEnvironment(settings), PORT: String(port) },
    port,
    logDir: settings.logDir,
  });
}

/**
 * The bare Fastify server (bench/ceiling), compiled, with the same variables and node flags
 * (the same young generation and heap limit: a difference in GC settings is not the framework's).
 */
export async function startCeiling(
  settings: ServerSettings,
  profile = false,
): Promise<RunningServer> {
  const port = await freePort();
  return startServer({
    name: 'ceiling',
    nodeArgs: [...profiling(profile, 'ceiling'), ...productionCommand().nodeFlags, CEILING_ENTRY],
    env: { ...productionEnvironment(settings), PORT: String(port) },
    port,
    logDir: settings.logDir,
  });
}
