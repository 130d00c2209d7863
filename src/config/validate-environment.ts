import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { Environment, SECRET_VARIABLES } from './environment';

/** Thrown when the environment is invalid; one line per bad variable, each naming it. */
export class ConfigurationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigurationError';
  }
}

function describe(error: ValidationError, raw: Record<string, unknown>): string {
  const name = error.property;
  // The value as given, not as converted (a non-number would print as NaN).
  const shown = SECRET_VARIABLES.has(name) ? '' : `=${JSON.stringify(raw[name])}`;
  const expectations = [...new Set(Object.values(error.constraints ?? {}))].join('; ');
  return `Invalid environment variable ${name}${shown}: ${expectations}`;
}

const KNOWN_VARIABLES = Object.keys(new Environment());

/**
 * Marks every value of the example Secret in deploy/k8s/base: production refuses it, so the
 * example can never stand in for a real secret by accident.
 */
export const EXAMPLE_SECRET_MARKER = 'example-only';

function exampleSecretsIn(environment: Environment): string[] {
  if (environment.NODE_ENV !== 'production') return [];
  return [...SECRET_VARIABLES]
    .filter((name) => {
      const value: unknown = Reflect.get(environment, name);
      return typeof value === 'string' && value.includes(EXAMPLE_SECRET_MARKER);
    })
    .map(
      (name) =>
        `Invalid environment variable ${name}: holds the example value of deploy/k8s/base/secret.example.yaml ("${EXAMPLE_SECRET_MARKER}"); production needs a real secret`,
    );
}

/** Keeps only our variables, and treats `FOO=` (empty) as unset so the default applies. */
function knownAndSet(raw: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    KNOWN_VARIABLES.filter((name) => raw[name] !== undefined && raw[name] !== '').map((name) => [
      name,
      raw[name],
    ]),
  );
}

/**
 * Turns raw environment strings into a typed Environment with defaults applied,
 * or throws a ConfigurationError naming every bad variable. Unknown variables are ignored.
 */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const given = knownAndSet(raw);
  const environment = plainToInstance(Environment, given, { exposeDefaultValues: true });
  const errors = validateSync(environment, { skipMissingProperties: false });
  const problems = [
    ...errors.map((error) => describe(error, given)),
    ...(errors.length === 0 ? exampleSecretsIn(environment) : []),
  ];
  if (problems.length > 0) throw new ConfigurationError(problems);
  return environment;
}

/** The variables left unset, so their defaults apply; printed at boot so nobody guesses. */
export function variablesLeftToDefaults(raw: Record<string, unknown>): string[] {
  return KNOWN_VARIABLES.filter((name) => raw[name] === undefined || raw[name] === '');
}
