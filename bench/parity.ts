import { isDeepStrictEqual } from 'node:util';
import type { RequestPlan } from './scenarios';
import type { RunningServer } from './server-process';

/**
 * A ceiling that answered something else would not be a ceiling: before measuring, each read
 * scenario's first request goes to both servers, and their answers must be the same status and
 * the same JSON. A difference is reported (and recorded), not fatal: the numbers are still
 * worth having, with that caveat.
 */

async function answer(
  server: RunningServer,
  plan: RequestPlan,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${server.baseUrl}${plan.paths[0]}`, {
    method: plan.method,
    headers: plan.headers,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    return { status: response.status, body: text };
  }
}

/** The scenarios (by name) whose first answer differs between the two servers, and how. */
export async function parityProblems(
  plans: ReadonlyMap<string, RequestPlan>,
  ours: RunningServer,
  ceiling: RunningServer,
): Promise<string[]> {
  const problems: string[] = [];
  for (const [name, plan] of plans) {
    if (plan.paths.length === 0) continue; // nothing to ask (a dataset too small for it)
    const [mine, theirs] = [await answer(ours, plan), await answer(ceiling, plan)];
    if (mine.status !== theirs.status) {
      problems.push(`${name}: ours answered ${mine.status}, the ceiling ${theirs.status}`);
    } else if (!isDeepStrictEqual(mine.body, theirs.body)) {
      problems.push(`${name}: same status ${mine.status}, different JSON`);
    }
  }
  return problems;
}
