import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The executables the drill runs; each comes from the Debian package of the same name. */
const EXECUTABLES = ['pgbouncer', 'haproxy', 'redis-server'] as const;
export type DrillExecutable = (typeof EXECUTABLES)[number];

const SEARCHED = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/bin', '/sbin'];

export function findExecutable(name: string): string | undefined {
  return SEARCHED.filter((directory) => directory !== '')
    .map((directory) => join(directory, name))
    .find((candidate) => existsSync(candidate));
}

function aptInstall(packages: readonly string[]): void {
  const install = ['install', '-y', '-qq', '--no-install-recommends', ...packages];
  try {
    execFileSync('apt-get', install, { stdio: 'inherit' });
  } catch {
    // Stale package lists are the usual reason: refresh them once and try again.
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', install, { stdio: 'inherit' });
  }
}

function located(name: DrillExecutable): string {
  const path = findExecutable(name);
  if (path === undefined) throw new Error(`${name} is still missing after apt-get install`);
  return path;
}

/**
 * The executables' paths, installing the Debian packages of those missing (the drill runs as
 * root on the development machines; elsewhere it says what to install).
 */
export function ensureExecutables(): Record<DrillExecutable, string> {
  const missing = EXECUTABLES.filter((name) => findExecutable(name) === undefined);
  if (missing.length > 0) {
    if (process.getuid?.() !== 0) {
      throw new Error(
        `missing ${missing.join(', ')}: install them with apt-get install ${missing.join(' ')}`,
      );
    }
    console.log(`drill: installing ${missing.join(', ')} from apt`);
    aptInstall(missing);
  }
  return {
    pgbouncer: located('pgbouncer'),
    haproxy: located('haproxy'),
    'redis-server': located('redis-server'),
  };
}
