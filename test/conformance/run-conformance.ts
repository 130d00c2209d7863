/**
 * `npm run test:conformance`: the official RealWorld suites against the built app.
 * A fresh database, migrations from dist/ (as production applies them), `node dist/main.js`
 * in production mode, then the Bruno suite and the legacy Postman collection; exits non-zero
 * when either reports a failure or cannot run. Expects `npm run build` to have run.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  createDatabaseIfMissing,
  dropDatabase,
  urlOfDatabase,
} from '../../src/infrastructure/database/database-admin';
import { freePort } from '../support/free-port';
import { testDatabaseServer, uniqueDatabaseName } from '../support/test-database';

const ROOT = resolve(__dirname, '..', '..');
const REALWORLD = resolve(process.env.REALWORLD_DIR ?? join(ROOT, '..', 'shared', 'realworld'));

/** Runs a command with inherited output; resolves with its exit code. */
function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: 'inherit' });
    child.on('exit', (code, signal) => done(code ?? (signal ? 1 : 0)));
    child.on('error', () => done(1));
  });
}

async function waitForHealth(baseUrl: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${baseUrl}/health/live`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((wake) => setTimeout(wake, 200));
  }
  throw new Error(`the API did not answer ${baseUrl}/health/live within ${timeoutMs} ms`);
}

async function main(): Promise<number> {
  if (!existsSync(join(REALWORLD, 'run-bruno.sh'))) {
    console.error(
      `The RealWorld suites are not at ${REALWORLD} (set REALWORLD_DIR): conformance not checked.`,
    );
    return process.env.CI === 'true' ? 1 : 0;
  }
  if (!existsSync(join(ROOT, 'dist', 'main.js'))) {
    console.error('dist/main.js is missing: run `npm run build` first.');
    return 1;
  }
  const server = await testDatabaseServer();
  const database = uniqueDatabaseName('conformance');
  await createDatabaseIfMissing(server.adminUrl, database);
  const port = await freePort();
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: urlOfDatabase(server.adminUrl, database),
    JWT_SECRET: randomBytes(48).toString('base64url'),
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    // The suites are functional checks sent from one address, not a flood: limits are tested elsewhere.
    THROTTLE_LIMIT: '1000000',
    AUTH_THROTTLE_LIMIT: '1000000',
    REDIS_KEY_PREFIX: `conduit-conformance-${randomBytes(6).toString('hex')}:`,
    // Production refuses to boot with public metrics or without a mail server unless told so.
    METRICS_TOKEN: randomBytes(24).toString('base64url'),
    MAIL_TRANSPORT: 'log',
  };
  // Migrations first, as production runs them: their own step before any replica starts.
  const migrated = await run(
    process.execPath,
    [
      'node_modules/typeorm/cli.js',
      'migration:run',
      '-d',
      'dist/infrastructure/database/data-source.js',
    ],
    env,
  );
  if (migrated !== 0) {
    await dropDatabase(server.adminUrl, database);
    await server.stop();
    throw new Error('migration:run failed');
  }
  const api = spawn(process.execPath, ['dist/main.js'], { cwd: ROOT, env, stdio: 'inherit' });
  const apiExited = new Promise<number | null>((done) => api.on('exit', (code) => done(code)));
  try {
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitForHealth(baseUrl, 30_000);
    console.log(`\n--- Bruno suite (${REALWORLD}/spec/bruno) against ${baseUrl}`);
    const bruno = await run('bash', [join(REALWORLD, 'run-bruno.sh'), baseUrl]);
    console.log(`\n--- Legacy Postman collection (newman) against ${baseUrl}/api`);
    const newman = await run('bash', [join(REALWORLD, 'run-newman.sh'), `${baseUrl}/api`]);
    console.log(
      `\nconformance: bruno ${bruno === 0 ? 'passed' : 'FAILED'}, newman ${newman === 0 ? 'passed' : 'FAILED'}`,
    );
    return bruno === 0 && newman === 0 ? 0 : 1;
  } finally {
    api.kill('SIGTERM');
    const code = await apiExited;
    if (code !== 0) console.error(`the API exited with ${code} after SIGTERM`);
    await dropDatabase(server.adminUrl, database);
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
