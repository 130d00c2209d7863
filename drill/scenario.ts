import { streamGroups } from './checks';
import type { Fixtures } from './fixtures';
import { startLoad, type LoadReport } from './load';
import type { Topology } from './topology';

export interface ScenarioContext {
  topology: Topology;
  fixtures: Fixtures;
}

/** What a scenario saw: PASS when nothing is in `problems`. */
export class ScenarioOutcome {
  readonly figures: string[] = [];
  readonly problems: string[] = [];

  figure(text: string): void {
    this.figures.push(text);
  }

  /** Records `problem` unless `holds`. */
  expect(holds: boolean, problem: string): void {
    if (!holds) this.problems.push(problem);
  }

  get passed(): boolean {
    return this.problems.length === 0;
  }
}

export interface Scenario {
  id: number;
  title: string;
  run(context: ScenarioContext, outcome: ScenarioOutcome): Promise<void>;
}

/** Every process the drill did not stop on purpose is still running. */
export function expectNoProcessExited(context: ScenarioContext, outcome: ScenarioOutcome): void {
  const { apis, workers } = context.topology;
  const exits = [...apis, ...workers].flatMap((process) => process.unexpectedExits);
  outcome.expect(exits.length === 0, `processes exited: ${exits.join('; ')}`);
}

export const sleep = (ms: number): Promise<void> => new Promise((wake) => setTimeout(wake, ms));

/** The load of scenarios 1 to 3: the mix (or some kinds of it) through the load balancer. */
export function steadyLoad(
  { topology, fixtures }: ScenarioContext,
  ratePerSecond: number,
  maxDurationMs: number,
  kinds?: readonly string[],
): { stop: () => void; done: Promise<LoadReport> } {
  return startLoad({
    baseUrl: topology.baseUrl,
    fixtures,
    runId: topology.runId,
    ratePerSecond,
    maxDurationMs,
    ...(kinds === undefined ? {} : { kinds }),
  });
}

/** `events:status` says every group has read and acknowledged everything, and nothing is dead. */
export async function expectStreamSettled(
  { topology }: ScenarioContext,
  outcome: ScenarioOutcome,
): Promise<void> {
  const stream = await streamGroups(topology.sharedEnv);
  const groups = stream?.groups ?? [];
  outcome.figure(
    `consumer groups: ${groups.map((g) => `${g.name} pending ${g.pending}, lag ${g.lag ?? 'unknown'}`).join('; ')}; dead letters ${stream?.deadLetterLength}`,
  );
  outcome.expect(
    stream?.deadLetterLength === 0,
    `${stream?.deadLetterLength} events dead-lettered`,
  );
  outcome.expect(
    groups.length > 0 && groups.every((g) => g.pending === 0 && (g.lag ?? 0) === 0),
    'entries still pending or unread',
  );
}
