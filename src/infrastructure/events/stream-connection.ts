import { connectRedis, type RedisConnection } from '../redis/redis-client';

/**
 * A consumer's own connection: XREADGROUP BLOCK holds it, so it cannot be the shared client,
 * and its command timeout must exceed the longest block (2 s). No offline queue: while Redis
 * is away commands fail at once and the consumer waits and retries.
 */
export function createStreamConnection(
  url: string,
  consumer: string,
  cluster: boolean,
): RedisConnection {
  const connection = connectRedis(url, cluster, {
    commandTimeoutMs: 10_000,
    connectionName: `conduit-events-${consumer}`,
    autoPipelining: false,
  });
  connection.on('error', () => undefined);
  return connection;
}
