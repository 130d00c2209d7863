import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOAD_CORE } from '../load/load-generator';

/**
 * Moves a process (every thread) to the load generator's core, so that the measured servers
 * have core 0 to themselves: a PostgreSQL or Redis scheduled there would take turns with them
 * and make their CPU per request noisy.
 */
export function pinToLoadCore(pid: number): void {
  execFileSync('taskset', ['-a', '-p', '-c', LOAD_CORE, String(pid)], { stdio: 'ignore' });
}

/**
 * The postmaster (from postmaster.pid) and the processes it has started: the backends it
 * forks later inherit its core.
 */
export function pinPostgresToLoadCore(dataDir: string): void {
  const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  pinToLoadCore(postmaster);
  const children = execFileSync('pgrep', ['-P', String(postmaster)], { encoding: 'utf8' });
  for (const child of children.split('\n').filter((line) => line !== '')) {
    pinToLoadCore(Number(child));
  }
}
