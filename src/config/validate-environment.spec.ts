import {
  ConfigurationError,
  validateEnvironment,
  variablesLeftToDefaults,
} from './validate-environment';

function problemsOf(raw: Record<string, string>): readonly string[] {
  try {
    validateEnvironment(raw);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('validateEnvironment', () => {
  it('applies the documented defaults when nothing is set', () => {
    const env = validateEnvironment({});
    expect(env).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      LOG_LEVEL: 'info',
      DB_POOL_MAX: 20,
      DB_POOL_IDLE_MS: 30_000,
      DB_CONNECT_TIMEOUT_MS: 2_000,
      DB_STATEMENT_TIMEOUT_MS: 5_000,
    });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('converts numbers and keeps given values', () => {
    const env = validateEnvironment({
      PORT: '8080',
      DB_POOL_MAX: '5',
      DATABASE_URL: 'postgres://u@h/d',
    });
    expect(env.PORT).toBe(8080);
    expect(env.DB_POOL_MAX).toBe(5);
    expect(env.DATABASE_URL).toBe('postgres://u@h/d');
  });

  it('names a bad variable, its value and what it expects, in one line', () => {
    const problems = problemsOf({ DB_POOL_MAX: 'abc' });
    expect(problems).toEqual([
      'Invalid environment variable DB_POOL_MAX="abc": must be an integer from 1 to 1000',
    ]);
  });

  it('reports every bad variable, one line each', () => {
    const problems = problemsOf({ PORT: '70000', LOG_LEVEL: 'loud', NODE_ENV: 'staging' });
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/PORT="70000": must be an integer from 0 to 65535/);
    expect(problems.join('\n')).toMatch(
      /LOG_LEVEL="loud": must be one of fatal, error, warn, info, debug, trace/,
    );
    expect(problems.join('\n')).toMatch(
      /NODE_ENV="staging": must be one of development, test, production/,
    );
  });

  it('rejects fractions and negative durations', () => {
    expect(problemsOf({ DB_STATEMENT_TIMEOUT_MS: '1.5' })[0]).toMatch(
      /^Invalid environment variable DB_STATEMENT_TIMEOUT_MS/,
    );
    expect(problemsOf({ DB_POOL_IDLE_MS: '-1' })[0]).toMatch(
      /^Invalid environment variable DB_POOL_IDLE_MS/,
    );
  });

  it('requires DATABASE_URL and JWT_SECRET in production', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(
      /^Invalid environment variable DATABASE_URL: must be a PostgreSQL URL/,
    );
    expect(problems[1]).toMatch(
      /^Invalid environment variable JWT_SECRET: must be a secret of at least 32 bytes/,
    );
    const secret = 'x'.repeat(32);
    expect(
      validateEnvironment({
        NODE_ENV: 'production',
        DATABASE_URL: 'postgresql://db/app',
        JWT_SECRET: secret,
      }),
    ).toMatchObject({ NODE_ENV: 'production', JWT_SECRET: secret });
  });

  it('refuses a JWT_SECRET shorter than 32 bytes anywhere, without printing it', () => {
    const [problem] = problemsOf({ JWT_SECRET: 'changeme' });
    expect(problem).toMatch(
      /^Invalid environment variable JWT_SECRET: must be a secret of at least 32 bytes/,
    );
    expect(problem).not.toContain('changeme');
  });

  it('accepts JWT_TTL as seconds or with a unit, and nothing else', () => {
    expect(validateEnvironment({ JWT_TTL: '900' }).JWT_TTL).toBe('900');
    expect(validateEnvironment({ JWT_TTL: '12h' }).JWT_TTL).toBe('12h');
    expect(problemsOf({ JWT_TTL: 'a week' })[0]).toMatch(
      /^Invalid environment variable JWT_TTL="a week"/,
    );
  });

  it('never prints the value of a secret variable', () => {
    const [problem] = problemsOf({ DATABASE_URL: 'mysql://user:hunter2@db/app' });
    expect(problem).toMatch(/^Invalid environment variable DATABASE_URL:/);
    expect(problem).not.toContain('hunter2');
  });

  it('treats an empty value as unset', () => {
    expect(validateEnvironment({ PORT: '', DATABASE_URL: '' })).toMatchObject({
      PORT: 3000,
      DATABASE_URL: undefined,
    });
  });

  it('ignores variables it does not know', () => {
    expect(Object.keys(validateEnvironment({ PATH: '/bin', HOME: '/root' }))).not.toContain('PATH');
  });
});

describe('variablesLeftToDefaults', () => {
  it('lists the known variables that are unset or empty', () => {
    const left = variablesLeftToDefaults({ PORT: '1', LOG_LEVEL: '', UNRELATED: 'x' });
    expect(left).toContain('LOG_LEVEL');
    expect(left).toContain('DB_POOL_MAX');
    expect(left).not.toContain('PORT');
    expect(left).not.toContain('UNRELATED');
  });
});
