import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import { CommandDeadlines } from './command-deadline';

/** One Redis server, or a Redis Cluster (REDIS_CLUSTER=true): the same commands on both. */
export type RedisConnection = Redis | Cluster;

/** Injection token for the shared ioredis client, or null when REDIS_URL is unset. */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');
/**
 * Injection token for the request path's ioredis client (the cache and the rate limiter), or
 * null when REDIS_URL is unset: every command it carries has a deadline of ours
 * (requestPathDeadlines), so it needs no timer of ioredis's per command.
 */
export const REQUEST_PATH_REDIS = Symbol('REQUEST_PATH_REDIS');
export type RedisClient = RedisConnection | null;

/**
 * An outage must cost a request at most ~100 ms, never a hang: the cache's and the rate
 * limiter's commands are given up after 100 ms of Redis's silence (deadlines, below), and with
 * no offline queue a command sent while disconnected fails at once. The client keeps
 * reconnecting in the background.
 */
export const REDIS_COMMAND_TIMEOUT_MS = 100;

/** The request path's deadlines: they tell a slow Redis from a busy process (command-deadline.ts). */
export const requestPathDeadlines = new CommandDeadlines(REDIS_COMMAND_TIMEOUT_MS);

/**
 * ioredis's own timeout is only a backstop for the commands that carry no deadline of ours
 * (background work: the outbox relay, stream trimming, gauges): its timer cannot tell a silent
 * Redis from a process too busy to read the answer, and it costs a timer per command (~1.2 µs
 * on this machine), which the request path's client does without.
 */
const BACKSTOP_TIMEOUT_MS = 2_000;

export type RedisClientRole = 'general' | 'request-path';

const reconnectDelayMs = (attempt: number): number => Math.min(attempt * 100, 2_000);

/** What every connection shares: fail at once while disconnected, keep reconnecting. */
export interface ConnectionSettings {
  connectionName: string;
  commandTimeoutMs?: number;
  /** Pipelines the commands sent in one turn of the event loop (one write for many requests). */
  autoPipelining: boolean;
}

/**
 * A connection to `url`: to that server, or, with `cluster`, to the Redis Cluster it is a node
 * of (ioredis discovers the others and follows MOVED and ASK).
 */
export function connectRedis(
  url: string,
  cluster: boolean,
  settings: ConnectionSettings,
): RedisConnection {
  const perNode: RedisOptions = {
    ...(settings.commandTimeoutMs === undefined
      ? {}
      : { commandTimeout: settings.commandTimeoutMs }),
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 1_000,
    connectionName: settings.connectionName,
  };
  if (!cluster) {
    return new Redis(url, {
      ...perNode,
      retryStrategy: reconnectDelayMs,
      enableAutoPipelining: settings.autoPipelining,
    });
  }
  const seed = new URL(url);
  const options: ClusterOptions = {
    redisOptions: {
      ...perNode,
      ...(seed.username === '' ? {} : { username: decodeURIComponent(seed.username) }),
      ...(seed.password === '' ? {} : { password: decodeURIComponent(seed.password) }),
      ...(seed.protocol === 'rediss:' ? { tls: {} } : {}),
    },
    enableOfflineQueue: false,
    enableAutoPipelining: settings.autoPipelining,
    clusterRetryStrategy: reconnectDelayMs,
    slotsRefreshTimeout: 1_000,
  };
  return new Cluster([{ host: seed.hostname, port: Number(seed.port || 6379) }], options);
}

export function createRedisClient(
  url: string,
  role: RedisClientRole = 'general',
  cluster = false,
): RedisConnection {
  return connectRedis(url, cluster, {
    ...(role === 'general' ? { commandTimeoutMs: BACKSTOP_TIMEOUT_MS } : {}),
    connectionName: role === 'general' ? 'conduit-api' : 'conduit-api-requests',
    // Commands sent in the same turn of the event loop (many requests' rate-limit counts and
    // cache reads, under load) go out in one write: far fewer system calls per request.
    autoPipelining: true,
  });
}
