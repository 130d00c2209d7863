import type { Environment } from '../config/environment';
import { ConfigurationError, validateEnvironment } from '../config/validate-environment';

/**
 * Validates the environment before anything starts. On a bad value it prints one line per
 * bad variable (naming it and what it expects) and exits 1, instead of a stack trace.
 */
export function loadEnvironmentOrExit(): Environment {
  try {
    return validateEnvironment(process.env);
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    process.stderr.write(`${error.problems.join('\n')}\n`);
    return process.exit(1);
  }
}
