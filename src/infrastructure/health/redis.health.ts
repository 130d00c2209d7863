import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { redisConfig, type RedisConfig } from '../../config/redis.config';
import {
  REDIS_CLIENT,
  REQUEST_PATH_REDIS,
  type RedisClient,
  type RedisConnection,
} from '../redis/redis-client';

/**
 * Whether this process can serve while Redis is unreachable. The API can (the cache and the
 * rate limiter fail open, events wait in the outbox), so an outage of the one Redis every
 * replica shares must not take them all out of the load balancer; the worker cannot.
 * A Redis that answers but cannot serve our keys is a fault of this process's configuration
 * and fails readiness in both.
 */
export type RedisReadiness = 'required' | 'optional';
export const REDIS_READINESS = Symbol('REDIS_READINESS');

type Probe = { outcome: 'serving' } | { outcome: 'unreachable' | 'refusing'; reason: string };

const UNREACHABLE_MODE =
  'degraded: unreachable; cache and rate limits fail open, events wait in the outbox';

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** An error Redis answered with (MOVED, NOAUTH, READONLY…), as opposed to no answer at all. */
function isReply(error: unknown): boolean {
  return error instanceof Error && error.name === 'ReplyError';
}

@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS_CLIENT) private readonly redis: RedisClient,
    @Inject(REQUEST_PATH_REDIS) private readonly requestPathRedis: RedisClient,
    @Inject(REDIS_READINESS) private readonly readiness: RedisReadiness,
    @Inject(redisConfig.KEY) private readonly config: RedisConfig,
  ) {}

  /**
   * A write of a key of ours on both connections, within the timeout, and a Redis that is not a
   * cluster node (which would answer MOVED for most keys). Without REDIS_URL there is nothing to
   * check.
   */
  async pingCheck(timeoutMs: number): Promise<HealthIndicatorResult<'redis'>> {
    const indicator = this.indicators.check('redis');
    if (!this.redis || !this.requestPathRedis) {
      return indicator.up({ mode: 'memory (REDIS_URL unset)' });
    }
    const started = performance.now();
    const probe = await this.probe([this.redis, this.requestPathRedis], timeoutMs);
    if (probe.outcome === 'serving') {
      return indicator.up({ responseTime: Math.round(performance.now() - started) });
    }
    if (probe.outcome === 'unreachable' && this.readiness === 'optional') {
      return indicator.up({ mode: UNREACHABLE_MODE, reason: probe.reason });
    }
    return indicator.down({ message: probe.reason });
  }

  private async probe(clients: NonNullable<RedisClient>[], timeoutMs: number): Promise<Probe> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<Probe>((resolve) => {
      timer = setTimeout(
        () => resolve({ outcome: 'unreachable', reason: `no answer within ${timeoutMs} ms` }),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([this.serves(clients), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** A cluster node without REDIS_CLUSTER=true, or a cluster that cannot serve every slot. */
  private async clusterProblem(client: RedisConnection, clusterNode: boolean): Promise<Probe> {
    if (!this.config.cluster) {
      return clusterNode
        ? {
            outcome: 'refusing',
            reason:
              'REDIS_URL is a Redis Cluster node: set REDIS_CLUSTER=true (without it, keys of other slots answer MOVED)',
          }
        : { outcome: 'serving' };
    }
    const state = await client.cluster('INFO');
    return /^cluster_state:ok/m.test(state)
      ? { outcome: 'serving' }
      : {
          // Part of Redis is down, like an outage of a single Redis, not a mistake of ours.
          outcome: 'unreachable',
          reason: `the Redis Cluster is not serving every slot (${/^cluster_state:\w+/m.exec(state)?.[0] ?? 'no cluster_state'})`,
        };
  }

  private async serves(clients: NonNullable<RedisClient>[]): Promise<Probe> {
    const key = `${this.config.keyPrefix}health:probe`;
    try {
      // First what Redis is, so that a cluster node's MOVED is explained, then a write on each.
      const info = await clients[0].info('cluster');
      const problem = await this.clusterProblem(clients[0], /^cluster_enabled:1/m.test(info));
      if (problem.outcome !== 'serving') return problem;
      await Promise.all(clients.map((client) => client.set(key, '1', 'PX', 10_000)));
      return problem;
    } catch (error) {
      return { outcome: isReply(error) ? 'refusing' : 'unreachable', reason: reasonOf(error) };
    }
  }
}
