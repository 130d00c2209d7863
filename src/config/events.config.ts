import { hostname } from 'node:os';
import { registerAs, type ConfigType } from '@nestjs/config';
import { validateEnvironment } from './validate-environment';

/**
 * The stream, its dead letters and the attempt counts. A consumer acknowledges an entry and
 * forgets its attempts in one transaction, and dead-letters in one: on a Redis Cluster the three
 * share a hash tag (one slot). A single Redis keeps the names it always had, so an upgrade
 * finds its stream where it left it.
 */
export function eventKeys(prefix: string, cluster: boolean) {
  const base = cluster ? `${prefix}{events}` : `${prefix}events`;
  return {
    streamKey: base,
    deadLetterStreamKey: `${base}:dead`,
    attemptsKeyPrefix: `${base}:attempts:`,
  };
}

export const eventsConfig = registerAs('events', () => {
  const env = validateEnvironment(process.env);
  return {
    /** Without Redis, the relay hands events to in-process consumers instead of a stream. */
    inProcess: env.REDIS_URL === undefined,
    ...eventKeys(env.REDIS_KEY_PREFIX, env.REDIS_CLUSTER === 'true'),
    /** Unique per process, so a restarted pod's pending entries are claimed, not reread by name. */
    consumerName: `${hostname()}-${process.pid}`,
    batchSize: env.EVENTS_BATCH_SIZE,
    relayIntervalMs: env.EVENTS_RELAY_INTERVAL_MS,
    claimIdleMs: env.EVENTS_CLAIM_IDLE_MS,
    maxAttempts: env.EVENTS_MAX_ATTEMPTS,
    retryBaseMs: env.EVENTS_RETRY_BASE_MS,
    streamMaxLength: env.EVENTS_STREAM_MAX_LENGTH,
    workerHealthPort: env.WORKER_HEALTH_PORT,
  };
});

export type EventsConfig = ConfigType<typeof eventsConfig>;
