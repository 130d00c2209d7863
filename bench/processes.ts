import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Everything the harness starts is registered here, and stopped in reverse order on the way
 * out: at the end of a run, on a failure, and on Ctrl-C (SIGINT) or SIGTERM. Children run in
 * a process group of their own (detached), so a Ctrl-C reaches the harness only and the
 * harness stops them in order (the API before the database it uses).
 */
type Stopper = () => Promise<void>;

const stoppers: { name: string; stop: Stopper }[] = [];
/** Which harness prints (`bench`, `drill`): both start and stop their children here. */
let harnessName = 'bench';
const liveChildren = new Set<ChildProcess>();
let cleaningUp: Promise<void> | undefined;

export function nameHarness(name: string): void {
  harnessName = name;
}

/** Registers something to stop at the end; returns a function that stops it now instead. */
export function onCleanup(name: string, stop: Stopper): Stopper {
  const entry = { name, stop };
  stoppers.push(entry);
  return async () => {
    const index = stoppers.indexOf(entry);
    if (index >= 0) stoppers.splice(index, 1);
    await stop();
  };
}

/** Stops everything registered, newest first; a stopper that fails does not stop the others. */
export function cleanUp(): Promise<void> {
  cleaningUp ??= (async () => {
    while (stoppers.length > 0) {
      const entry = stoppers.pop();
      if (entry === undefined) break;
      try {
        await entry.stop();
      } catch (error) {
        console.error(`${harnessName}: could not stop ${entry.name}: ${errorMessage(error)}`);
      }
    }
  })();
  return cleaningUp;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Spawns a child in its own process group and keeps track of it until it exits. */
export function spawnTracked(command: string, args: readonly string[], options: SpawnOptions) {
  const child = spawn(command, args, { ...options, detached: true });
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
  // Without a listener, a command that cannot start would crash the harness past its cleanup.
  child.on('error', (error) => {
    liveChildren.delete(child);
    console.error(`${harnessName}: ${command} could not run: ${error.message}`);
  });
  return child;
}

/** Fails early, naming what is missing, rather than when the first server starts. */
export function requireCommands(names: readonly string[]): void {
  const path = (process.env.PATH ?? '').split(':').filter((directory) => directory !== '');
  const missing = names.filter(
    (name) => !path.some((directory) => existsSync(join(directory, name))),
  );
  if (missing.length > 0) {
    throw new Error(
      `${missing.join(', ')} not found on PATH: the servers and the load generator are pinned to cores with taskset (util-linux)`,
    );
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** SIGTERM, then SIGKILL if the child has not exited within `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  signalGroup(child, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Runs a command to completion; rejects with its last output lines when it fails. */
export async function runCommand(
  command: string,
  args: readonly string[],
  options: SpawnOptions & { label: string; timeoutMs: number },
): Promise<string> {
  const child = spawnTracked(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), options.timeoutMs);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (exitCode) => resolve(exitCode));
  }).finally(() => clearTimeout(timer));
  if (code !== 0) {
    const tail = output.trim().split('\n').slice(-20).join('\n');
    throw new Error(`${options.label} failed (exit ${code ?? 'by signal'}):\n${tail}`);
  }
  return output;
}

/**
 * Ctrl-C and SIGTERM stop every child before the harness exits; so does an exit of any other
 * kind (the last resort is synchronous: SIGKILL to whatever is still running).
 */
export function installSignalHandlers(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${harnessName}: ${signal}, stopping everything it started…`);
      void cleanUp().finally(() => process.exit(130));
    });
  }
  process.once('exit', () => {
    for (const child of liveChildren) signalGroup(child, 'SIGKILL');
  });
}
