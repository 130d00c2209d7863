import { send } from '../http-client';
import { isErrorFormat } from '../json-path';
import { burst } from '../load';
import type { Scenario } from '../scenario';
import { THROTTLE_LIMIT, THROTTLE_TTL_SECONDS } from '../topology';

const EXTRA = 200;
/** A loopback address no other scenario sends from: a client of its own. */
const CLIENT = '127.0.0.77';
const OTHER_CLIENT = '127.0.0.78';

/** 5. One client's requests spread over both instances: exactly THROTTLE_LIMIT get through. */
export const rateLimit: Scenario = {
  id: 5,
  title: `Rate limit across both API instances (THROTTLE_LIMIT=${THROTTLE_LIMIT} per ${THROTTLE_TTL_SECONDS} s, TRUST_PROXY=1)`,
  async run({ topology }, outcome) {
    const started = performance.now();
    // Half of them claim another address in X-Forwarded-For: HAProxy appends the real one,
    // and only that hop is trusted.
    const answers = await burst(THROTTLE_LIMIT + EXTRA, 20, (sequence) =>
      send(topology.baseUrl, {
        path: '/api/tags',
        from: CLIENT,
        headers:
          sequence % 2 === 0
            ? {}
            : { 'x-forwarded-for': `10.0.${sequence % 250}.${sequence % 200}` },
      }),
    );
    const elapsedMs = performance.now() - started;
    const passed = answers.filter((a) => a.status === 200);
    const limited = answers.filter((a) => a.status === 429);
    const byBackend = new Map<string, number>();
    for (const answer of passed) {
      const backend = String(answer.headers['x-drill-backend'] ?? 'none');
      byBackend.set(backend, (byBackend.get(backend) ?? 0) + 1);
    }
    const other = await send(topology.baseUrl, { path: '/api/tags', from: OTHER_CLIENT });
    const sample = limited[0];

    outcome.figure(
      `${answers.length} requests from one client in ${(elapsedMs / 1000).toFixed(1)} s, half with a spoofed X-Forwarded-For: ${passed.length} passed (${[...byBackend].map(([name, count]) => `${name} ${count}`).join(', ')}), ${limited.length} got 429`,
    );
    outcome.expect(
      elapsedMs < THROTTLE_TTL_SECONDS * 1000,
      `the burst outlasted one window (${elapsedMs.toFixed(0)} ms): inconclusive`,
    );
    outcome.expect(
      passed.length === THROTTLE_LIMIT,
      `${passed.length} passed, not exactly ${THROTTLE_LIMIT}`,
    );
    outcome.expect(limited.length === EXTRA, `${limited.length} got 429, not ${EXTRA}`);
    outcome.expect(byBackend.size === 2, 'the passed requests did not spread over both instances');
    outcome.expect(
      sample !== undefined &&
        sample.headers['retry-after'] !== undefined &&
        isErrorFormat(sample.body),
      'a 429 came without Retry-After or not in the error format',
    );
    outcome.figure(`another client (${OTHER_CLIENT}) at the same moment: ${other.status}`);
    outcome.expect(
      other.status === 200,
      'another client was limited too: the limiter does not see real client addresses',
    );
  },
};
