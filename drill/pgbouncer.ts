import { execFileSync } from 'node:child_process';
import { chownSync, closeSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onCleanup, spawnTracked, stopChild } from '../bench/processes';
import { freePort } from '../bench/provision/free-port';
import { DRILL_ROLE, type DrillDatabase } from './drill-database';
import { waitForPort } from './tcp-wait';

export interface PgBouncer {
  port: number;
  /** The database name clients ask PgBouncer for. */
  database: string;
  logFile: string;
}

/** PgBouncer refuses to run as root: as root, it runs as the `postgres` user instead. */
function unprivilegedUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

/**
 * PgBouncer 1.x in transaction pooling mode with its defaults otherwise (it refuses unknown
 * startup parameters), in front of the drill's database: what README's "PostgreSQL through
 * PgBouncer" describes.
 */
export async function startPgBouncer(
  executable: string,
  database: DrillDatabase,
  logDir: string,
): Promise<PgBouncer> {
  const port = await freePort();
  const directory = mkdtempSync(join(tmpdir(), 'conduit-drill-pgbouncer-'));
  const logFile = join(logDir, 'pgbouncer.log');
  const user = unprivilegedUser();
  const config = `[databases]
conduit = host=${database.host} port=${database.port} dbname=${database.name}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${port}
unix_socket_dir =
auth_type = trust
auth_file = ${join(directory, 'userlist.txt')}
pool_mode = transaction
default_pool_size = 10
max_client_conn = 500
`;
  writeFileSync(join(directory, 'pgbouncer.ini'), config);
  writeFileSync(join(directory, 'userlist.txt'), `"${DRILL_ROLE}" ""\n`);
  if (user !== undefined) {
    for (const file of ['', 'pgbouncer.ini', 'userlist.txt']) {
      chownSync(join(directory, file), user.uid, user.gid);
    }
  }
  // Without a logfile setting PgBouncer logs to stderr: into a file opened here, so that the
  // unprivileged user needs no access to logDir.
  const log = openSync(logFile, 'w');
  const child = spawnTracked(executable, [join(directory, 'pgbouncer.ini')], {
    ...user,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  onCleanup('pgbouncer', () => stopChild(child, 5_000));
  await waitForPort(port, 10_000, 'pgbouncer');
  return { port, database: 'conduit', logFile };
}
