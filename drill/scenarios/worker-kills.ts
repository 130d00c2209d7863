import { auditWrites, describeLedger, ledgerBalanced, waitForBalancedLedger } from '../checks';
import type { Outcome } from '../load';
import { expectStreamSettled, sleep, steadyLoad, type Scenario } from '../scenario';

const EVENTS = 2_000;
const WRITE_SECONDS = 30;
const KILLS = 10;
const SETTLE_MS = 120_000;
const FIRST_KILL_MS = 1_000;
const KILL_INTERVAL_MS = 2_000;

/** 4. SIGKILL a worker 10 times while 2,000 events flow: every effect exactly once. */
export const workerKills: Scenario = {
  id: 4,
  title: `SIGKILL a worker ${KILLS} times during ${EVENTS.toLocaleString('en')} events`,
  async run(context, outcome) {
    const { topology } = context;
    const before = await waitForBalancedLedger(topology.database, SETTLE_MS);
    outcome.expect(
      ledgerBalanced(before.ledger),
      `events were not settled before: ${describeLedger(before.ledger)}`,
    );

    // 2,000 article creations over 30 s, each an article.published event for the analytics
    // consumer. One kill every 2 s at the earliest, and never before the last victim is back
    // and consuming: overlapping restarts (a Nest boot costs a core for over a second) starved
    // the API instances on this 2-core machine, which then refused writes; chained kills alone
    // drifted past the end of the writes when restarts were slow.
    const writes = steadyLoad(context, EVENTS / WRITE_SECONDS, WRITE_SECONDS * 1000, ['create']);
    let writing = true;
    void writes.done.then(() => (writing = false));
    const kills: string[] = [];
    let killsWhileWriting = 0;
    const startedAt = performance.now();
    for (let kill = 0; kill < KILLS; kill++) {
      const worker = topology.workers[kill % topology.workers.length];
      await sleep(
        Math.max(0, startedAt + FIRST_KILL_MS + kill * KILL_INTERVAL_MS - performance.now()),
      );
      await worker.kill();
      if (writing) killsWhileWriting++;
      kills.push(worker.name);
      await worker.start();
    }
    const report = await writes.done;
    const settling = performance.now();
    const after = await waitForBalancedLedger(topology.database, SETTLE_MS);

    outcome.figure(
      `${report.outcomes.length} articles published, ${report.failed.length} refused; ${kills.length} SIGKILLs (${kills.join(', ')}), ${killsWhileWriting} of them while the events were being written`,
    );
    outcome.expect(
      report.outcomes.length === EVENTS,
      `only ${report.outcomes.length} writes were sent`,
    );
    outcome.expect(
      report.failed.length === 0,
      `${report.failed.length} writes failed: ${describeFailures(report.failed)}`,
    );
    outcome.expect(killsWhileWriting === KILLS, 'some kills came after the writes: inconclusive');
    outcome.figure(
      `${describeLedger(after.ledger)}; balanced ${((performance.now() - settling) / 1000).toFixed(1)} s after the last write`,
    );
    outcome.expect(
      ledgerBalanced(after.ledger),
      `effects are not exactly once: ${describeLedger(after.ledger)}`,
    );
    await expectStreamSettled(context, outcome);
    const audit = await auditWrites(topology, report.outcomes);
    outcome.expect(
      audit.lost.length === 0 && audit.doubled.length === 0,
      `writes lost ${audit.lost.length}, doubled ${audit.doubled.length}`,
    );
  },
};

/** "429 ×3 (api1), no answer ×2: ECONNRESET": enough to tell a limiter from a crash. */
function describeFailures(failed: readonly Outcome[]): string {
  const counts = new Map<string, number>();
  for (const { status, backend, error } of failed) {
    const key = `${status === 0 ? 'no answer' : status} (${backend ?? 'HAProxy'})${error === undefined ? '' : `: ${error}`}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, count]) => `${count} × ${key}`).join('; ');
}
