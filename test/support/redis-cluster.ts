import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface LocalRedisCluster {
  /** One master's URL: ioredis finds the others from it. */
  url: string;
  ports: number[];
  stop: () => Promise<void>;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A port free now whose cluster bus port (port + 10000) is free as well. */
async function clusterPort(taken: readonly number[]): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 30_000);
    if (taken.includes(port) || taken.includes(port - 10_000)) continue;
    if ((await portIsFree(port)) && (await portIsFree(port + 10_000))) return port;
  }
  throw new Error('no free pair of ports for a Redis Cluster node');
}

async function clusterState(port: number): Promise<string> {
  const { stdout } = await run('redis-cli', ['-p', String(port), 'cluster', 'info']);
  return /^cluster_state:(\w+)/m.exec(stdout)?.[1] ?? 'unknown';
}

/**
 * A Redis Cluster of three masters (no replicas) on loopback, from the machine's redis-server
 * and redis-cli (`--cluster create`), nothing kept on disk beyond a temporary folder. Resolves
 * once every node says cluster_state:ok.
 */
export async function startRedisCluster(): Promise<LocalRedisCluster> {
  const directory = mkdtempSync(join(tmpdir(), 'conduit-redis-cluster-'));
  const ports: number[] = [];
  for (let node = 0; node < 3; node++) ports.push(await clusterPort(ports));
  const servers: ChildProcess[] = ports.map((port) =>
    spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        `nodes-${port}.conf`,
        '--cluster-node-timeout',
        '2000',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        directory,
      ],
      { stdio: 'ignore' },
    ),
  );
  const stop = async (): Promise<void> => {
    await Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            if (server.exitCode !== null || server.signalCode !== null) return resolve();
            server.once('exit', () => resolve());
            server.kill('SIGTERM');
          }),
      ),
    );
    rmSync(directory, { recursive: true, force: true });
  };
  try {
    for (const port of ports) {
      for (let tries = 0; ; tries++) {
        try {
          await run('redis-cli', ['-p', String(port), 'ping']);
          break;
        } catch (error) {
          if (tries > 50) throw error;
          await new Promise((wake) => setTimeout(wake, 100));
        }
      }
    }
    await run('redis-cli', [
      '--cluster',
      'create',
      ...ports.map((port) => `127.0.0.1:${port}`),
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    const deadline = Date.now() + 20_000;
    while ((await Promise.all(ports.map(clusterState))).some((state) => state !== 'ok')) {
      if (Date.now() > deadline)
        throw new Error('the Redis Cluster did not reach cluster_state:ok');
      await new Promise((wake) => setTimeout(wake, 100));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `redis://127.0.0.1:${ports[0]}`, ports, stop };
}
