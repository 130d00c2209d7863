import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { onCleanup, spawnTracked, stopChild } from './processes';
import { PROJECT_ROOT } from './provision/paths';
import { readRssKb } from './sampling';

/** The measured servers share core 0; the load generator has core 1. */
export const SERVER_CORE = '0';

export interface RunningServer {
  /** `ours` (dist/main.js) or `ceiling` (the bare Fastify server). */
  name: string;
  pid: number;
  baseUrl: string;
  /** performance.now() at spawn: a run's window, relative to it, finds its samples in a profile. */
  spawnedAt: number;
  /** From spawn to the first 200 of GET /health/ready. */
  bootMs: number;
  /** VmRSS once ready, before any load. */
  idleRssKb: number;
  stdoutFile: string;
  stop: () => Promise<void>;
}

export interface ServerSpec {
  name: string;
  /** Arguments to node, e.g. ['dist/main.js']. */
  nodeArgs: readonly string[];
  env: NodeJS.ProcessEnv;
  port: number;
  logDir: string;
}

const READY_TIMEOUT_MS = 60_000;
const READY_POLL_MS = 20;
/** SHUTDOWN_DRAIN_MS is 0 for the bench, so a stop takes well under this. */
const STOP_GRACE_MS = 15_000;

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-15).join('\n');
  } catch {
    return '(no output)';
  }
}

async function answersReady(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

/**
 * Starts `taskset -c 0 node <args>` (taskset execs node: the pid is the server's) with its
 * stdout and stderr going to files under `logDir`, and waits for /health/ready.
 */
export async function startServer(spec: ServerSpec): Promise<RunningServer> {
  const stdoutFile = join(spec.logDir, `${spec.name}.stdout.log`);
  const stderrFile = join(spec.logDir, `${spec.name}.stderr.log`);
  const stdout = openSync(stdoutFile, 'w');
  const stderr = openSync(stderrFile, 'w');
  const started = performance.now();
  const child = spawnTracked('taskset', ['-c', SERVER_CORE, process.execPath, ...spec.nodeArgs], {
    cwd: PROJECT_ROOT,
    env: spec.env,
    stdio: ['ignore', stdout, stderr],
  });
  // The child has its own copies of the descriptors.
  closeSync(stdout);
  closeSync(stderr);
  const stop = onCleanup(`${spec.name} server`, () => stopChild(child, STOP_GRACE_MS));
  const baseUrl = `http://127.0.0.1:${spec.port}`;
  const deadline = started + READY_TIMEOUT_MS;
  while (!(await answersReady(`${baseUrl}/health/ready`))) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `the ${spec.name} server exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${tail(stderrFile)}\n${tail(stdoutFile)}`,
      );
    }
    if (performance.now() > deadline) {
      throw new Error(
        `the ${spec.name} server was not ready after ${READY_TIMEOUT_MS / 1000} s:\n${tail(stderrFile)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
  }
  const bootMs = performance.now() - started;
  if (child.pid === undefined) throw new Error(`the ${spec.name} server has no pid`);
  return {
    name: spec.name,
    pid: child.pid,
    baseUrl,
    spawnedAt: started,
    bootMs,
    idleRssKb: readRssKb(child.pid),
    stdoutFile,
    stop,
  };
}
