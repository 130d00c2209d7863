import { createHash } from 'node:crypto';
import type { RedisConnection } from './redis-client';

/**
 * A Lua script sent by its SHA1 (EVALSHA): a few dozen bytes a call instead of the whole text.
 * The first call after Redis restarted (or on a Redis that never saw it) answers NOSCRIPT; the
 * script is then sent whole once with EVAL, which also loads it for the next calls.
 */
export class RedisScript {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  run(
    redis: RedisConnection,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<unknown> {
    // A plain promise chain, not an async function: this runs on every request.
    return redis.evalsha(this.sha, keys.length, ...keys, ...args).catch((error: unknown) => {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.source, keys.length, ...keys, ...args);
    });
  }
}
