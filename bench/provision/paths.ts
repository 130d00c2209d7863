import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** The project: bench/provision/ is two levels below it. */
export const PROJECT_ROOT = join(__dirname, '..', '..');

/** Git-ignored (.data/): logs of the last run, the compiled ceiling, the embedded server's log. */
export const BENCH_DATA_DIR = join(PROJECT_ROOT, '.data', 'bench');
mkdirSync(BENCH_DATA_DIR, { recursive: true });

export const RESULTS_DIR = join(PROJECT_ROOT, 'bench', 'results');
