import 'reflect-metadata';
import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { MinBytes } from './min-bytes.validator';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, ValidateIf } from 'class-validator';

export const NODE_ENVIRONMENTS = ['development', 'test', 'production'] as const;
export type NodeEnvironment = (typeof NODE_ENVIRONMENTS)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const MAIL_TRANSPORTS = ['smtp', 'log'] as const;
export type MailTransportName = (typeof MAIL_TRANSPORTS)[number];

const METRICS_TOKEN_MESSAGE =
  'must be a token of at least 16 bytes (required when NODE_ENV=production unless METRICS_PORT serves /metrics on a port the Service does not expose)';

/** A whole number from `min` (to `max`), converted from the environment's string. */
function WholeNumber(message: string, min: number, max?: number): PropertyDecorator {
  return applyDecorators(
    Type(() => Number),
    IsInt({ message }),
    Min(min, { message }),
    ...(max === undefined ? [] : [Max(max, { message })]),
  );
}

/**
 * Every environment variable the API, worker and CLI read, with its default.
 * This class is the only place that knows about process.env: it is validated once at boot
 * (see validate-environment.ts) and injected as typed config from then on.
 * Every property has an initializer (undefined for optional ones) so that
 * Object.keys(new Environment()) lists exactly the variables we read.
 * Keep README.md's table in step with it.
 */
export class Environment {
  @IsIn(NODE_ENVIRONMENTS, { message: `must be one of ${NODE_ENVIRONMENTS.join(', ')}` })
  NODE_ENV: NodeEnvironment = 'development';

  @WholeNumber('must be an integer from 0 to 65535', 0, 65535)
  PORT: number = 3000;

  /** Defaults to loopback in development and test, all interfaces in production (containers). */
  @IsOptional()
  @IsString()
  @Matches(/^[\w.:-]+$/, {
    message: 'must be a host name or IP address, such as 0.0.0.0 or 127.0.0.1',
  })
  HOST: string | undefined = undefined;

  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'info';

  /** Required in production; in development and test an embedded PostgreSQL stands in. */
  @ValidateIf((env: Environment) => env.NODE_ENV === 'production' || env.DATABASE_URL !== undefined)
  @Matches(/^postgres(ql)?:\/\/\S+$/, {
    message:
      'must be a PostgreSQL URL such as postgres://user:password@host:5432/database (required when NODE_ENV=production)',
  })
  DATABASE_URL: string | undefined = undefined;

  @WholeNumber('must be an integer from 1 to 1000', 1, 1000)
  DB_POOL_MAX: number = 20;

  @WholeNumber('must be a whole number of milliseconds, 0 or more', 0)
  DB_POOL_IDLE_MS: number = 30_000;

  @WholeNumber('must be a whole number of milliseconds, 1 or more', 1)
  DB_CONNECT_TIMEOUT_MS: number = 2_000;

  @WholeNumber('must be a whole number of milliseconds, 0 (no limit) or more', 0)
  DB_STATEMENT_TIMEOUT_MS: number = 5_000;

  /**
   * `true` when PostgreSQL is reached through a transaction-pooling proxy (PgBouncer with
   * pool_mode=transaction): no setting is sent at connect, since the proxy refuses startup
   * parameters and hands each transaction to any server connection. The statement timeout is
   * then set inside every transaction, and outside them comes from the role's own default
   * (README, "PostgreSQL through PgBouncer").
   */
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  DB_TRANSACTION_POOLING: 'true' | 'false' = 'false';

  /** HS256 signing key for JWTs; at least 32 bytes. Required in production; development generates one. */
  @ValidateIf((env: Environment) => env.NODE_ENV === 'production' || env.JWT_SECRET !== undefined)
  @IsString({
    message: 'must be a secret of at least 32 bytes (required when NODE_ENV=production)',
  })
  @MinBytes(32, {
    message: 'must be a secret of at least 32 bytes (required when NODE_ENV=production)',
  })
  JWT_SECRET: string | undefined = undefined;

  /** Token lifetime: seconds, or a number with s, m, h or d. */
  @Matches(/^\d+[smhd]?$/, { message: 'must be a duration such as 3600, 15m, 12h or 7d' })
  JWT_TTL: string = '15m';

  /** Refresh token lifetime (each rotation starts a new one): seconds, or with s, m, h or d. */
  @Matches(/^\d+[smhd]?$/, { message: 'must be a duration such as 3600, 15m, 12h or 30d' })
  REFRESH_TOKEN_TTL: string = '30d';

  /**
   * Which proxies may set X-Forwarded-For: `false` (none, the default: the socket address is the
   * client), a hop count such as `1`, or a comma-separated list of proxy IPs/CIDRs.
   */
  @Matches(/^(false|\d{1,2}|[\d.:a-fA-F/]+(,\s*[\d.:a-fA-F/]+)*)$/, {
    message:
      'must be false, a hop count such as 1, or a comma-separated list of proxy IPs or CIDRs',
  })
  TRUST_PROXY: string = 'false';

  /**
   * Origins allowed by CORS, comma-separated, or `*` for any. Unset: any in development and
   * test, none in production.
   */
  @IsOptional()
  @Matches(/^(\*|https?:\/\/[^\s,]+(,\s*https?:\/\/[^\s,]+)*)$/, {
    message: 'must be * or a comma-separated list of origins such as https://app.example.com',
  })
  CORS_ORIGINS: string | undefined = undefined;

  /**
   * Swagger UI at /docs and the OpenAPI document at /docs/openapi.json. Unset: on outside
   * production, off in production (a public API may turn it on; the document names every route).
   */
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  DOCS_ENABLED: 'true' | 'false' | undefined = undefined;

  /**
   * Redis for the cache and rate limits, shared by every replica. Unset: both live in process
   * memory, which is fit for one instance only (and said so at boot).
   */
  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a Redis URL such as redis://127.0.0.1:6379' })
  REDIS_URL: string | undefined = undefined;

  /**
   * `true` when REDIS_URL is a node of a Redis Cluster: the client follows the cluster's slots
   * (MOVED, ASK), and keys one command, script or transaction touches together share a hash tag.
   */
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  REDIS_CLUSTER: 'true' | 'false' = 'false';

  /** Prefixes every Redis key, so that several deployments (or test runs) can share one Redis. */
  @Matches(/^[\w.:-]{0,64}$/, { message: 'must be up to 64 of A-Z a-z 0-9 _ . : -' })
  REDIS_KEY_PREFIX: string = 'conduit:';

  /** How long a cached value may live; writes invalidate sooner (see README, "Caching"). */
  @WholeNumber('must be a whole number of seconds, 1 or more', 1)
  CACHE_TTL_SECONDS: number = 300;

  /** Requests per client (IP) per window, over all routes but health and metrics. */
  @WholeNumber('must be an integer, 1 or more', 1)
  THROTTLE_LIMIT: number = 100;

  @WholeNumber('must be a whole number of seconds, 1 or more', 1)
  THROTTLE_TTL_SECONDS: number = 60;

  /** The stricter limit on POST /api/users/login and POST /api/users, per client (IP). */
  @WholeNumber('must be an integer, 1 or more', 1)
  AUTH_THROTTLE_LIMIT: number = 10;

  @WholeNumber('must be a whole number of seconds, 1 or more', 1)
  AUTH_THROTTLE_TTL_SECONDS: number = 60;

  /**
   * On SIGTERM, how long readiness reports 503 while the server still serves, so that load
   * balancers stop sending before the listener closes.
   */
  @WholeNumber('must be a whole number of milliseconds, 0 or more', 0)
  SHUTDOWN_DRAIN_MS: number = 5_000;

  /** Serve GET /metrics on this port instead of the main one (keeps it off the public ingress). */
  @IsOptional()
  @WholeNumber('must be an integer from 1 to 65535', 1, 65535)
  METRICS_PORT: number | undefined = undefined;

  /**
   * When set, GET /metrics requires `Authorization: Bearer <METRICS_TOKEN>`. Production needs
   * it unless METRICS_PORT moves /metrics off the public port: metrics are not for everyone.
   */
  @ValidateIf(
    (env: Environment) =>
      env.METRICS_TOKEN !== undefined ||
      (env.NODE_ENV === 'production' && env.METRICS_PORT === undefined),
  )
  @IsString({ message: METRICS_TOKEN_MESSAGE })
  @MinBytes(16, { message: METRICS_TOKEN_MESSAGE })
  METRICS_TOKEN: string | undefined = undefined;

  /** OTLP/HTTP endpoint (e.g. http://jaeger:4318); tracing is off while it is unset. */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http(s) URL such as http://127.0.0.1:4318' })
  OTEL_EXPORTER_OTLP_ENDPOINT: string | undefined = undefined;

  /** The service name on every span. */
  @Matches(/^[\w.-]{1,64}$/, { message: 'must be 1 to 64 of A-Z a-z 0-9 _ . -' })
  OTEL_SERVICE_NAME: string = 'conduit-api';

  /** How long a graceful shutdown may wait for in-flight requests before the process gives up. */
  @WholeNumber('must be a whole number of milliseconds, 1 or more', 1)
  SHUTDOWN_TIMEOUT_MS: number = 10_000;

  /** The worker's /health/live, /health/ready and /metrics listen here. */
  @WholeNumber('must be an integer from 1 to 65535', 1, 65535)
  WORKER_HEALTH_PORT: number = 3001;

  /** Outbox rows the relay moves per round, and stream entries a consumer reads per call. */
  @WholeNumber('must be an integer from 1 to 10000', 1, 10_000)
  EVENTS_BATCH_SIZE: number = 100;

  /** How often the relay looks for new outbox rows when the last round found none. */
  @WholeNumber('must be a whole number of milliseconds, 10 or more', 10)
  EVENTS_RELAY_INTERVAL_MS: number = 200;

  /** A pending entry idle this long belongs to a consumer presumed dead, and is claimed by another. */
  @WholeNumber('must be a whole number of milliseconds, 100 or more', 100)
  EVENTS_CLAIM_IDLE_MS: number = 60_000;

  /** Tries per event and consumer before the event goes to the dead-letter stream. */
  @WholeNumber('must be an integer from 1 to 100', 1, 100)
  EVENTS_MAX_ATTEMPTS: number = 5;

  /** The first retry's delay; each further one doubles, up to one minute. */
  @WholeNumber('must be a whole number of milliseconds, 1 or more', 1)
  EVENTS_RETRY_BASE_MS: number = 1_000;

  /**
   * A ceiling on the events stream's length, to protect Redis's memory. Below it, only entries
   * every consumer group has read and acknowledged are trimmed; past it, the oldest go even if a
   * group never read them, and they count in events_lost_total (an alert).
   */
  @WholeNumber('must be a whole number of entries, 1000 or more', 1_000)
  EVENTS_STREAM_MAX_LENGTH: number = 1_000_000;

  /**
   * `smtp` (send to SMTP_URL) or `log` (write mail to the log instead of sending it). Unset:
   * `smtp` when SMTP_URL is set, else `log` outside production; production without SMTP_URL
   * refuses to boot unless `log` is chosen here, so mail is never dropped by accident.
   */
  @IsOptional()
  @IsIn(MAIL_TRANSPORTS, { message: `must be one of ${MAIL_TRANSPORTS.join(', ')}` })
  MAIL_TRANSPORT: MailTransportName | undefined = undefined;

  /** Where mail goes, e.g. smtp://user:password@smtp.example.com:587. */
  @ValidateIf(
    (env: Environment) =>
      env.SMTP_URL !== undefined ||
      env.MAIL_TRANSPORT === 'smtp' ||
      (env.NODE_ENV === 'production' && env.MAIL_TRANSPORT !== 'log'),
  )
  @Matches(/^smtps?:\/\/\S+$/, {
    message:
      'must be an SMTP URL such as smtp://user:password@host:587 (required when NODE_ENV=production or MAIL_TRANSPORT=smtp; MAIL_TRANSPORT=log writes mail to the log instead)',
  })
  SMTP_URL: string | undefined = undefined;

  /** The From header of every message. */
  @IsString()
  @Matches(/^[^\r\n]{3,200}$/, {
    message: 'must be an address such as Conduit <no-reply@example.com>',
  })
  MAIL_FROM: string = 'Conduit <no-reply@conduit.local>';

  /** A send slower than this counts as a failure of the mail circuit breaker. */
  @WholeNumber('must be a whole number of milliseconds, 1 or more', 1)
  MAIL_TIMEOUT_MS: number = 10_000;

  /** The breaker opens when this percentage of recent sends failed. */
  @WholeNumber('must be an integer from 1 to 100', 1, 100)
  MAIL_BREAKER_ERROR_PERCENT: number = 50;

  /** How long the breaker stays open before one trial send. */
  @WholeNumber('must be a whole number of milliseconds, 1 or more', 1)
  MAIL_BREAKER_RESET_MS: number = 30_000;
}

/** Variables whose values must never be printed, not even in a configuration error. */
export const SECRET_VARIABLES: ReadonlySet<string> = new Set([
  'DATABASE_URL',
  'JWT_SECRET',
  'REDIS_URL',
  'METRICS_TOKEN',
  'SMTP_URL',
]);
