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

  /** What production needs besides the variable a case leaves out. */
  const PRODUCTION: Record<string, string> = {
    NODE_ENV: 'production',
    DATABASE_URL: 'postgresql://db/app',
    JWT_SECRET: 'x'.repeat(32),
    SMTP_URL: 'smtp://mail.example.com:587',
    METRICS_TOKEN: 'm'.repeat(16),
  };
  const without = (name: string): Record<string, string> =>
    Object.fromEntries(Object.entries(PRODUCTION).filter(([key]) => key !== name));

  it('requires DATABASE_URL, JWT_SECRET, SMTP_URL and METRICS_TOKEN in production', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(
      /^Invalid environment variable DATABASE_URL: must be a PostgreSQL URL/,
    );
    expect(problems[1]).toMatch(
      /^Invalid environment variable JWT_SECRET: must be a secret of at least 32 bytes/,
    );
    expect(validateEnvironment(PRODUCTION)).toMatchObject({
      NODE_ENV: 'production',
      JWT_SECRET: PRODUCTION.JWT_SECRET,
    });
  });

  it('refuses in production the example values of the Kubernetes Secret, naming each variable', () => {
    const problems = problemsOf({
      ...PRODUCTION,
      JWT_SECRET: 'example-only-replace-with-48-random-bytes-from-openssl',
      DATABASE_URL: 'postgres://conduit:example-only@postgres:5432/conduit',
    });
    expect(problems).toEqual([
      expect.stringMatching(/^Invalid environment variable DATABASE_URL: holds the example value/),
      expect.stringMatching(/^Invalid environment variable JWT_SECRET: holds the example value/),
    ]);
    expect(problems.join('\n')).not.toContain('postgres://');
    // Outside production the example values are just values.
    expect(
      validateEnvironment({ JWT_SECRET: 'example-only-replace-with-48-random-bytes' }).JWT_SECRET,
    ).toContain('example-only');
  });

  it('refuses production without SMTP_URL unless MAIL_TRANSPORT=log says so', () => {
    expect(problemsOf(without('SMTP_URL'))).toEqual([
      expect.stringMatching(
        /^Invalid environment variable SMTP_URL: .*required when NODE_ENV=production.*MAIL_TRANSPORT=log/,
      ),
    ]);
    expect(validateEnvironment({ ...without('SMTP_URL'), MAIL_TRANSPORT: 'log' })).toMatchObject({
      MAIL_TRANSPORT: 'log',
      SMTP_URL: undefined,
    });
    // An empty value is unset, like every variable: it chooses nothing.
    expect(problemsOf({ ...without('SMTP_URL'), MAIL_TRANSPORT: '' })).toHaveLength(1);
  });

  it('requires SMTP_URL wherever MAIL_TRANSPORT=smtp, and knows no other transport', () => {
    expect(problemsOf({ MAIL_TRANSPORT: 'smtp' })[0]).toMatch(
      /^Invalid environment variable SMTP_URL:/,
    );
    expect(problemsOf({ MAIL_TRANSPORT: 'pigeon' })[0]).toMatch(
      /^Invalid environment variable MAIL_TRANSPORT="pigeon": must be one of smtp, log/,
    );
    expect(validateEnvironment({}).SMTP_URL).toBeUndefined();
  });

  it('refuses production with a public /metrics: METRICS_TOKEN or METRICS_PORT, naming both', () => {
    const [problem] = problemsOf(without('METRICS_TOKEN'));
    expect(problem).toMatch(/^Invalid environment variable METRICS_TOKEN: .*METRICS_PORT/);
    expect(
      validateEnvironment({ ...without('METRICS_TOKEN'), METRICS_PORT: '9464' }).METRICS_PORT,
    ).toBe(9464);
    expect(problemsOf({ ...PRODUCTION, METRICS_TOKEN: 'short' })[0]).toMatch(
      /^Invalid environment variable METRICS_TOKEN: must be a token of at least 16 bytes/,
    );
    expect(problemsOf({ ...PRODUCTION, METRICS_TOKEN: 'short' })[0]).not.toContain('short"');
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
