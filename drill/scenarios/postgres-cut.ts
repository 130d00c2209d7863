import { auditWrites } from '../checks';
import { articleBody, LOAD_ADDRESSES } from '../fixtures';
import { send } from '../http-client';
import type { Outcome } from '../load';
import { expectNoProcessExited, sleep, steadyLoad, type Scenario } from '../scenario';
import type { Topology } from '../topology';

const CUT_MS = 30_000;
const RATE = 50;
const FAIL_FAST_MS = 2_000;
const RECOVERY_MS = 10_000;
/** Readiness checks the database with a 1 s deadline: give it that and a probe period. */
const READY_SETTLES_MS = 2_000;

interface ProbeSample {
  afterCutMs: number;
  api: string;
  live: number;
  ready: number;
}

async function sampleProbes(
  topology: Topology,
  cutAt: number,
  untilMs: number,
): Promise<ProbeSample[]> {
  const samples: ProbeSample[] = [];
  while (performance.now() - cutAt < untilMs) {
    for (const api of topology.apis) {
      const [live, ready] = await Promise.all([
        send(api.healthUrl, { path: `${api.healthUrl}/live`, timeoutMs: 3_000 }),
        send(api.healthUrl, { path: `${api.healthUrl}/ready`, timeoutMs: 3_000 }),
      ]);
      samples.push({
        afterCutMs: performance.now() - cutAt,
        api: api.name,
        live: live.status,
        ready: ready.status,
      });
    }
    await sleep(1_000);
  }
  return samples;
}

/** Until a signed-in read (never cached) and a write both succeed through the load balancer. */
async function timeToRecover(
  topology: Topology,
  token: string,
  runId: string,
): Promise<{ ms: number; write?: Outcome }> {
  const started = performance.now();
  let attempt = 0;
  while (performance.now() - started < RECOVERY_MS * 3) {
    const read = await send(topology.baseUrl, {
      path: '/api/articles/feed?limit=1',
      token,
      from: LOAD_ADDRESSES[0],
    });
    if (read.status === 200) {
      const title = `drill ${runId} recovery ${attempt++}`;
      const write = await send(topology.baseUrl, {
        method: 'POST',
        path: '/api/articles',
        token,
        body: articleBody(title),
        from: LOAD_ADDRESSES[1],
      });
      const outcome: Outcome = {
        kind: 'create',
        status: write.status,
        ms: write.ms,
        atMs: 0,
        errorFormat: false,
        title,
      };
      if (write.status === 201) return { ms: performance.now() - started, write: outcome };
    }
    await sleep(100);
  }
  return { ms: Number.POSITIVE_INFINITY };
}

/** 2. PgBouncer (so PostgreSQL) unreachable for 30 s, then back. */
export const postgresCut: Scenario = {
  id: 2,
  title: `PostgreSQL cut for ${CUT_MS / 1000} s under ${RATE} req/s`,
  async run(context, outcome) {
    const { topology, fixtures } = context;
    topology.postgresLink.cutOff();
    const cutAt = performance.now();
    const load = steadyLoad(context, RATE, CUT_MS);
    const samples = await sampleProbes(topology, cutAt, CUT_MS);
    const report = await load.done;
    topology.postgresLink.restore();
    const recovery = await timeToRecover(topology, fixtures.users[0].token, topology.runId);

    const notLive = samples.filter((sample) => sample.live !== 200);
    const stillReady = samples.filter(
      (sample) => sample.afterCutMs > READY_SETTLES_MS && sample.ready !== 503,
    );
    outcome.figure(
      `probes, ${samples.length} samples during the cut: liveness 200 in ${samples.length - notLive.length}, readiness 503 in ${samples.filter((s) => s.ready === 503).length}`,
    );
    outcome.expect(
      notLive.length === 0,
      `liveness was not 200: ${JSON.stringify(notLive.slice(0, 3))}`,
    );
    outcome.expect(
      stillReady.length === 0,
      `readiness was not 503 ${READY_SETTLES_MS} ms into the cut: ${JSON.stringify(stillReady.slice(0, 3))}`,
    );

    const refused = report.outcomes.filter((o) => o.status === 503);
    const served = report.outcomes.filter((o) => o.status >= 200 && o.status < 300);
    const other = report.outcomes.filter(
      (o) => o.status !== 503 && !(o.status >= 200 && o.status < 300),
    );
    const slow = report.outcomes.filter((o) => o.ms > FAIL_FAST_MS);
    const badRefusals = refused.filter((o) => o.retryAfter === undefined || !o.errorFormat);
    outcome.figure(
      `${report.outcomes.length} requests during the cut: ${refused.length} refused with 503 (${refused.filter((o) => o.backend !== undefined).length} by an instance, ${refused.filter((o) => o.backend === undefined).length} by HAProxy with no instance ready), ${served.length} served from the cache, ${other.length} other; slowest ${report.maxMs.toFixed(0)} ms`,
    );
    outcome.expect(
      other.length === 0,
      `answers other than 503 or 2xx: ${other
        .slice(0, 5)
        .map((o) => `${o.kind} ${o.status} ${o.error ?? ''}`)
        .join(', ')}`,
    );
    outcome.expect(
      slow.length === 0,
      `${slow.length} requests took over ${FAIL_FAST_MS} ms (slowest ${report.maxMs.toFixed(0)} ms)`,
    );
    outcome.expect(
      badRefusals.length === 0,
      `${badRefusals.length} 503s without Retry-After or not in the error format`,
    );

    outcome.figure(
      `recovered ${(recovery.ms / 1000).toFixed(1)} s after the restore (a signed-in read and a write through the load balancer)`,
    );
    outcome.expect(
      recovery.ms <= RECOVERY_MS,
      `not recovered within ${RECOVERY_MS / 1000} s of the restore`,
    );

    const audit = await auditWrites(topology, [
      ...report.outcomes,
      ...(recovery.write ? [recovery.write] : []),
    ]);
    outcome.figure(
      `writes: ${audit.acknowledged} acknowledged, ${audit.refused} refused (${audit.refusedButWritten} of them written anyway), ${audit.lost.length} lost, ${audit.doubled.length} doubled`,
    );
    outcome.expect(
      audit.lost.length === 0,
      `acknowledged writes missing: ${audit.lost.slice(0, 3).join(', ')}`,
    );
    outcome.expect(
      audit.doubled.length === 0,
      `writes doubled: ${audit.doubled.slice(0, 3).join(', ')}`,
    );
    expectNoProcessExited(context, outcome);
  },
};
