import { Redis } from 'ioredis';
import { CommandDeadlines } from './command-deadline';

/** Injection token for the shared ioredis client, or null when REDIS_URL is unset. */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');
/**
 * Injection token for the request path's ioredis client (the cache and the rate limiter), or
 * null when REDIS_URL is unset: every command it carries has a deadline of ours
 * (requestPathDeadlines), so it needs no timer of ioredis's per command.
 */
export const REQUEST_PATH_REDIS = Symbol('REQUEST_PATH_REDIS');
export type RedisClient = Redis | null;

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

export function createRedisClient(url: string, role: RedisClientRole = 'general'): Redis {
  return new Redis(url, {
    ...(role === 'general' ? { commandTimeout: BACKSTOP_TIMEOUT_MS } : {}),
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 1_000,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
    connectionName: role === 'general' ? 'conduit-api' : 'conduit-api-requests',
    // Commands sent in the same turn of the event loop (many requests' rate-limit counts and
    // cache reads, under load) go out in one write: far fewer system calls per request.
    enableAutoPipelining: true,
  });
}
