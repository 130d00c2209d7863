import { SHUTDOWN_DRAIN_MS } from '../topology';
import { expectNoProcessExited, sleep, steadyLoad, type Scenario } from '../scenario';

const RATE = 200;
/** HAProxy takes an instance back after 2 good checks 500 ms apart: wait a little longer. */
const BACK_IN_ROTATION_MS = 2_000;

/** 1. SIGTERM each API instance in turn and start it again, under a steady load. */
export const rollingRestart: Scenario = {
  id: 1,
  title: `Rolling restart of both API instances under ${RATE} req/s (70% reads, 30% writes)`,
  async run(context, outcome) {
    const { topology } = context;
    const load = steadyLoad(context, RATE, 90_000);
    await sleep(2_000);
    for (const api of topology.apis) {
      const stopping = performance.now();
      const code = await api.terminate();
      const stoppedAfter = performance.now() - stopping;
      outcome.expect(code === 0, `${api.name} exited with ${code} after SIGTERM`);
      outcome.expect(
        stoppedAfter >= SHUTDOWN_DRAIN_MS,
        `${api.name} stopped after ${stoppedAfter.toFixed(0)} ms, before its ${SHUTDOWN_DRAIN_MS} ms drain`,
      );
      const starting = performance.now();
      await api.start();
      outcome.figure(
        `${api.name}: drained and exited ${code} in ${(stoppedAfter / 1000).toFixed(1)} s, ready again ${((performance.now() - starting) / 1000).toFixed(1)} s later`,
      );
      await sleep(BACK_IN_ROTATION_MS);
    }
    await sleep(2_000);
    load.stop();
    const report = await load.done;
    const failed = report.failed.map(
      (o) => `${o.kind} ${o.status}${o.error ? ` (${o.error})` : ''}`,
    );
    outcome.figure(
      `${report.outcomes.length} requests, ${report.failed.length} failed; p50 ${report.p50Ms.toFixed(1)} ms, p99 ${report.p99Ms.toFixed(1)} ms, max ${report.maxMs.toFixed(0)} ms`,
    );
    outcome.expect(
      report.outcomes.length >= RATE * 10,
      `only ${report.outcomes.length} requests were sent`,
    );
    outcome.expect(
      report.failed.length === 0,
      `failed requests: ${failed.slice(0, 10).join(', ')}`,
    );
    expectNoProcessExited(context, outcome);
  },
};
