import type { RedisConnection } from './redis-client';

/**
 * Waits until the client is connected. The shared client has no offline queue (requests must
 * not wait for Redis), so a command sent while it is still connecting fails at once; an
 * administrative command that runs right after boot waits for the connection instead.
 */
export async function redisReady(client: RedisConnection, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const onReady = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      client.off('ready', onReady);
      reject(
        new Error(`Redis did not answer within ${timeoutMs} ms (connection ${client.status})`),
      );
    }, timeoutMs);
    client.once('ready', onReady);
  });
}
