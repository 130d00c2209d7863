import { auditWrites, describeLedger, ledgerBalanced, waitForBalancedLedger } from '../checks';
import { expectStreamSettled, sleep, steadyLoad, type Scenario } from '../scenario';

const EVENTS = 2_000;
const WRITES_PER_SECOND = 100;
const KILLS = 10;
const SETTLE_MS = 120_000;

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

    // 2,000 article creations over 20 s, each an article.published event for the analytics
    // consumer; the kills fall among them, one every ~1.5 s (a kill, then a restart to ready).
    const writes = steadyLoad(context, WRITES_PER_SECOND, (EVENTS / WRITES_PER_SECOND) * 1000, [
      'create',
    ]);
    let writing = true;
    void writes.done.then(() => (writing = false));
    const kills: string[] = [];
    let killsWhileWriting = 0;
    await sleep(1_000);
    for (let kill = 0; kill < KILLS; kill++) {
      const worker = topology.workers[kill % topology.workers.length];
      await worker.kill();
      if (writing) killsWhileWriting++;
      kills.push(worker.name);
      await worker.start();
      await sleep(300);
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
    outcome.expect(report.failed.length === 0, `${report.failed.length} writes failed`);
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
