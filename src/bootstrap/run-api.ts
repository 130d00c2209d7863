import type { Type } from '@nestjs/common';
import type { Environment } from '../config/environment';
import { variablesLeftToDefaults } from '../config/validate-environment';
import { startDevelopmentDatabase } from '../infrastructure/database/development-database';
import { EmbeddedPostgresUnavailable } from '../infrastructure/database/embedded-postgres';
import { tracing } from '../tracing';
import { loadEnvironmentOrExit } from './load-environment';
import { startApi } from './start-api';

function describeDefaults(environment: Environment, names: string[]): string {
  const values = new Map<string, unknown>(Object.entries(environment));
  // undefined here means "derived": HOST follows NODE_ENV (see http.config.ts).
  return names.map((name) => `${name}=${JSON.stringify(values.get(name) ?? 'auto')}`).join(', ');
}

async function startApiProcess(rootModule: Type<unknown>): Promise<void> {
  const bootMessages: string[] = [];
  const defaults = variablesLeftToDefaults(process.env).filter((name) => name !== 'DATABASE_URL');
  const environment = loadEnvironmentOrExit();
  let stopDatabase: (() => Promise<void>) | undefined;
  if (environment.DATABASE_URL === undefined) {
    const database = await startDevelopmentDatabase();
    // The typed config reads process.env when the app boots, just below.
    process.env.DATABASE_URL = environment.DATABASE_URL = database.url;
    stopDatabase = database.stop;
    bootMessages.push(
      `DATABASE_URL unset: embedded PostgreSQL at ${database.url}, data in ${database.dataDir}`,
    );
  }
  bootMessages.push(`Defaults in use: ${describeDefaults(environment, defaults) || 'none'}`);
  const afterClose = async (): Promise<void> => {
    // Spans still buffered are sent before the process ends.
    await tracing?.shutdown();
    await stopDatabase?.();
  };
  await startApi(rootModule, environment, { afterClose, bootMessages });
}

/**
 * The API process: validate the environment (exit 1 naming any bad variable), provide an
 * embedded PostgreSQL when DATABASE_URL is unset outside production, then serve until a signal.
 */
export function runApiProcess(rootModule: Type<unknown>): void {
  startApiProcess(rootModule).catch((error: unknown) => {
    // An embedded database that cannot start explains itself; anything else keeps its stack.
    console.error(error instanceof EmbeddedPostgresUnavailable ? error.message : error);
    process.exit(1);
  });
}
