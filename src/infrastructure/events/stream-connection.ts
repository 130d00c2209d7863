import { Redis } from 'ioredis';

/**
 * A consumer's own connection: XREADGROUP BLOCK holds it, so it cannot be the shared client,
 * and its command timeout must exceed the longest block (2 s). No offline queue: while Redis
 * is away commands fail at once and the consumer waits and retries.
 */
export function createStreamConnection(url: string, consumer: string): Redis {
  const connection = new Redis(url, {
    commandTimeout: 10_000,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 1_000,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
    connectionName: `conduit-events-${consumer}`,
  });
  connection.on('error', () => undefined);
  return connection;
}
