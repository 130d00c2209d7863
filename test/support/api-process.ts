import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface ApiProcess {
  child: ChildProcessWithoutNullStreams;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Runs test/fixtures/probe-main.ts (the real API entry with probe routes) as its own
 * process under ts-node, so signals and exit codes are the real ones.
 */
export function spawnApiProcess(env: Record<string, string>): ApiProcess {
  return spawnEntryPoint(join('test', 'fixtures', 'probe-main.ts'), env);
}

/** Runs the real worker entry point, src/worker.ts, as its own process. */
export function spawnWorkerProcess(env: Record<string, string>): ApiProcess {
  return spawnEntryPoint(join('src', 'worker.ts'), env);
}

function spawnEntryPoint(entryPoint: string, env: Record<string, string>): ApiProcess {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', entryPoint], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', SHUTDOWN_DRAIN_MS: '0', ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}

/** Resolves once the process logs that it listens; rejects if it exits first. */
export function waitUntilListening(api: ApiProcess, timeoutMs = 30_000): Promise<void> {
  return waitForOutput(api, 'Listening on http://', timeoutMs);
}

/** Resolves once the process has printed `text`; rejects if it exits first. */
export async function waitForOutput(
  api: ApiProcess,
  text: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void api.exited.then(() => (exited = true));
  while (!api.output().includes(text)) {
    if (exited) throw new Error(`Process exited before printing "${text}":\n${api.output()}`);
    if (Date.now() > deadline) {
      throw new Error(`Process did not print "${text}" within ${timeoutMs} ms:\n${api.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
