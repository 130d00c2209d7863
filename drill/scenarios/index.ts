import type { Scenario } from '../scenario';
import { cacheCoherence } from './cache-coherence';
import { pgbouncerPooling } from './pgbouncer';
import { postgresCut } from './postgres-cut';
import { rateLimit } from './rate-limit';
import { redisCluster } from './redis-cluster';
import { redisCut } from './redis-cut';
import { rollingRestart } from './rolling-restart';
import { workerKills } from './worker-kills';

/** In the order; `npm run drill -- --only N` runs some. */
export const SCENARIOS: readonly Scenario[] = [
  rollingRestart,
  postgresCut,
  redisCut,
  workerKills,
  rateLimit,
  cacheCoherence,
  pgbouncerPooling,
  redisCluster,
];
