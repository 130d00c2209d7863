import { Redis } from 'ioredis';

/** Injection token for the shared ioredis client, or null when REDIS_URL is unset. */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');
export type RedisClient = Redis | null;

/**
 * An outage must cost a request at most ~100 ms, never a hang: commands time out after
 * 100 ms, and with no offline queue a command sent while disconnected fails at once.
 * The client keeps reconnecting in the background.
 */
export const REDIS_COMMAND_TIMEOUT_MS = 100;

export function createRedisClient(url: string): Redis {
  return new Redis(url, {
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 1_000,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
    connectionName: 'conduit-api',
    // Commands sent in the same turn of the event loop (many requests' rate-limit counts and
    // cache reads, under load) go out in one write: far fewer system calls per request.
    enableAutoPipelining: true,
  });
}
