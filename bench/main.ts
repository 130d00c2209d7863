import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildAll } from './build';
import { BadFlag, parseFlags, USAGE, type BenchFlags } from './cli-flags';
import { cleanUp, errorMessage, installSignalHandlers, requireCommands } from './processes';
import { BENCH_DATA_DIR } from './provision/paths';
import { provisionPostgres } from './provision/postgres';
import { provisionRedis } from './provision/redis';
import { runScale } from './run-scale';
import { runSuite } from './run-suite';

/**
 * `npm run bench`: parse the flags (exit 2 naming a bad one), build, provision PostgreSQL and
 * Redis, run the suite or the scale mode, and stop everything it started, whatever happens.
 */

function flagsOrExit(): BenchFlags {
  try {
    return parseFlags(process.argv.slice(2));
  } catch (error) {
    if (error instanceof BadFlag) {
      console.error(`bench: ${error.message}\nRun "npm run bench -- --help" for the options.`);
      process.exit(2);
    }
    throw error;
  }
}

async function main(): Promise<number> {
  const flags = flagsOrExit();
  if (flags.help) {
    console.log(USAGE);
    return 0;
  }
  installSignalHandlers();
  const startedAt = new Date();
  const runId = `${startedAt.getTime().toString(36)}${process.pid.toString(36)}`;
  // The logs of the last run only: a run writes hundreds of MB of request log.
  const logDir = join(BENCH_DATA_DIR, 'logs');
  rmSync(logDir, { recursive: true, force: true });
  mkdirSync(logDir, { recursive: true });
  try {
    requireCommands(['taskset']);
    console.log('bench: building (npm run build, then the ceiling)…');
    await buildAll();
    const postgres = await provisionPostgres();
    const redis = await provisionRedis(runId);
    console.log(`bench: PostgreSQL: ${postgres.description}; Redis: ${redis.description}`);
    const context = { flags, postgres, redis, runId, startedAt, logDir };
    if (flags.scale) await runScale(context);
    else await runSuite(context);
    console.log(
      `bench: done in ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)} s; server logs in ${logDir}`,
    );
    return 0;
  } catch (error) {
    console.error(`bench: failed: ${errorMessage(error)}`);
    return 1;
  } finally {
    await cleanUp();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`bench: ${errorMessage(error)}`);
    void cleanUp().finally(() => process.exit(1));
  },
);
