import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { onCleanup, spawnTracked, stopChild } from '../bench/processes';
import { freePort } from '../bench/provision/free-port';
import { waitForPort } from './tcp-wait';

/** A private redis-server for the drill (nothing on disk): cutting it touches no one else's. */
export async function startRedisServer(executable: string, logDir: string): Promise<number> {
  const port = await freePort();
  const log = openSync(join(logDir, 'redis.log'), 'w');
  const child = spawnTracked(
    executable,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', log, log] },
  );
  closeSync(log);
  onCleanup('redis-server', () => stopChild(child, 5_000));
  await waitForPort(port, 10_000, 'redis-server');
  return port;
}
