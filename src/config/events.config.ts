import { hostname } from 'node:os';
import { registerAs, type ConfigType } from '@nestjs/config';
import { validateEnvironment } from './validate-environment';

export const eventsConfig = registerAs('events', () => {
  const env = validateEnvironment(process.env);
  return {
    /** Without Redis, the relay hands events to in-process consumers instead of a stream. */
    inProcess: env.REDIS_URL === undefined,
    streamKey: `${env.REDIS_KEY_PREFIX}events`,
    deadLetterStreamKey: `${env.REDIS_KEY_PREFIX}events:dead`,
    attemptsKeyPrefix: `${env.REDIS_KEY_PREFIX}events:attempts:`,
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
