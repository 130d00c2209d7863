import {
  auditWrites,
  describeLedger,
  eventLedger,
  ledgerBalanced,
  waitForBalancedLedger,
} from '../checks';
import { send } from '../http-client';
import {
  expectNoProcessExited,
  expectStreamSettled,
  sleep,
  steadyLoad,
  type Scenario,
} from '../scenario';

const CUT_MS = 30_000;
const RATE = 50;
const DELIVERY_MS = 60_000;

/** 3. Redis unreachable for 30 s: the API serves from PostgreSQL, events wait in the outbox. */
export const redisCut: Scenario = {
  id: 3,
  title: `Redis cut for ${CUT_MS / 1000} s under ${RATE} req/s`,
  async run(context, outcome) {
    const { topology } = context;
    const before = await waitForBalancedLedger(topology.database, DELIVERY_MS);
    outcome.expect(
      ledgerBalanced(before.ledger),
      `events were not settled before the cut: ${describeLedger(before.ledger)}`,
    );

    topology.redisLink.cutOff();
    const load = steadyLoad(context, RATE, CUT_MS);
    await sleep(CUT_MS / 2);
    const readiness = await Promise.all(
      topology.apis.map((api) =>
        send(api.healthUrl, { path: `${api.healthUrl}/ready`, timeoutMs: 3_000 }),
      ),
    );
    const report = await load.done;
    const during = await eventLedger(topology.database);
    topology.redisLink.restore();
    const restoredAt = performance.now();
    const after = await waitForBalancedLedger(topology.database, DELIVERY_MS);
    const deliveredMs = performance.now() - restoredAt;

    outcome.figure(
      `API readiness mid-cut: ${readiness.map((r) => r.status).join(', ')} (degraded, still in rotation)`,
    );
    outcome.expect(
      readiness.every((r) => r.status === 200),
      'an API instance left rotation because Redis was away',
    );
    outcome.figure(
      `${report.outcomes.length} requests during the cut, ${report.failed.length} failed; p99 ${report.p99Ms.toFixed(1)} ms, max ${report.maxMs.toFixed(0)} ms`,
    );
    outcome.expect(
      report.failed.length === 0,
      `failed: ${report.failed
        .slice(0, 5)
        .map((o) => `${o.kind} ${o.status} ${o.error ?? ''}`)
        .join(', ')}`,
    );
    outcome.figure(`events waiting in the outbox at the end of the cut: ${during.unpublished}`);
    outcome.expect(
      during.unpublished > 0,
      'no event waited in the outbox: the writes did not happen, or Redis was not cut',
    );
    outcome.figure(
      `after the restore: ${describeLedger(after.ledger)}, balanced ${(deliveredMs / 1000).toFixed(1)} s after the restore`,
    );
    outcome.expect(
      ledgerBalanced(after.ledger),
      `events not all delivered exactly once within ${DELIVERY_MS / 1000} s`,
    );
    await expectStreamSettled(context, outcome);

    const audit = await auditWrites(topology, report.outcomes);
    outcome.expect(
      audit.lost.length === 0 && audit.doubled.length === 0,
      `writes lost ${audit.lost.length}, doubled ${audit.doubled.length}`,
    );
    expectNoProcessExited(context, outcome);
  },
};
