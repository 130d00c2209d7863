import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs src/cli.ts as its own process under ts-node, as `npm run cli` runs dist/cli.js, and
 * resolves when it has exited by itself. REDIS_URL is dropped from the inherited environment:
 * a run uses Redis only when `env` names it. An undefined value in `env` unsets the variable.
 */
export function runCliProcess(
  args: readonly string[],
  env: Record<string, string | undefined>,
  timeoutMs = 50_000,
): Promise<CliRun> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, REDIS_URL: undefined, ...env };
  for (const [name, value] of Object.entries(childEnv))
    if (value === undefined) delete childEnv[name];
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', join('src', 'cli.ts'), ...args],
    { cwd: ROOT, env: childEnv },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`cli ${args.join(' ')} did not exit within ${timeoutMs} ms:\n${stderr}`));
    }, timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
