import { join } from 'node:path';
import { runCommand } from './processes';
import { BENCH_DATA_DIR, PROJECT_ROOT } from './provision/paths';

/** Where the ceiling is compiled to (bench/ceiling/tsconfig.json's outDir). */
export const CEILING_ENTRY = join(BENCH_DATA_DIR, 'ceiling', 'server.js');

/**
 * `npm run build` (dist/main.js, dist/cli.js, dist/migrations), then the ceiling with tsc: both
 * servers run compiled JavaScript, neither pays for a TypeScript loader in memory or at boot.
 */
export async function buildAll(): Promise<void> {
  await buildProject();
  await runCommand(
    process.execPath,
    [
      join('node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      join('bench', 'ceiling', 'tsconfig.json'),
    ],
    { cwd: PROJECT_ROOT, label: 'tsc -p bench/ceiling/tsconfig.json', timeoutMs: 5 * 60_000 },
  );
}

/** `npm run build`: dist/main.js, dist/worker.js, dist/cli.js, dist/migrations. */
export async function buildProject(): Promise<void> {
  const npm = process.env.npm_execpath;
  // Under `npm run bench` (or drill), npm says where it is; run that one, with this Node.
  const [command, args] =
    npm === undefined
      ? ['npm', ['run', 'build', '--silent']]
      : [process.execPath, [npm, 'run', 'build', '--silent']];
  await runCommand(command, args, {
    cwd: PROJECT_ROOT,
    label: 'npm run build',
    timeoutMs: 10 * 60_000,
  });
}
