/**
 * `npm run drill [-- --only 1,3]`: the scale-out drills of README's "Scaling" section, on one
 * machine. Two API instances and two workers behind HAProxy, PostgreSQL through PgBouncer
 * (transaction pooling), a private Redis, TCP proxies to cut either; each scenario prints PASS
 * or FAIL with its figures. Exits 1 when any scenario fails.
 */
import { cleanUp, errorMessage, installSignalHandlers, nameHarness } from '../bench/processes';
import { closeAgents } from './http-client';
import { createFixtures } from './fixtures';
import { ScenarioOutcome, type Scenario } from './scenario';
import { SCENARIOS } from './scenarios';
import { startTopology } from './topology';

function selected(argv: readonly string[]): readonly Scenario[] {
  const flag = argv.indexOf('--only');
  if (argv.includes('--help')) {
    console.log('Usage: npm run drill -- [--only 1,2,...]\n');
    for (const scenario of SCENARIOS) console.log(`  ${scenario.id}. ${scenario.title}`);
    process.exit(0);
  }
  if (flag === -1) return SCENARIOS;
  const ids = (argv[flag + 1] ?? '').split(',').map(Number);
  const unknown = ids.filter((id) => !SCENARIOS.some((scenario) => scenario.id === id));
  if (ids.length === 0 || unknown.length > 0) {
    throw new Error(
      `--only takes scenario numbers from 1 to ${SCENARIOS.length}, such as --only 1,3; got "${argv[flag + 1] ?? ''}"`,
    );
  }
  return SCENARIOS.filter((scenario) => ids.includes(scenario.id));
}

async function main(): Promise<number> {
  nameHarness('drill');
  installSignalHandlers();
  const scenarios = selected(process.argv.slice(2));
  const topology = await startTopology();
  console.log(
    `drill: 2 API instances and 2 workers behind HAProxy at ${topology.baseUrl}; PostgreSQL through PgBouncer (transaction pooling); logs in ${topology.logDir}`,
  );
  const fixtures = await createFixtures(topology.baseUrl, topology.runId);
  let failed = 0;
  for (const scenario of scenarios) {
    console.log(`\n${scenario.id}. ${scenario.title}`);
    const outcome = new ScenarioOutcome();
    const started = performance.now();
    try {
      await scenario.run({ topology, fixtures }, outcome);
    } catch (error) {
      outcome.expect(false, `stopped by an error: ${errorMessage(error)}`);
    }
    for (const figure of outcome.figures) console.log(`   ${figure}`);
    for (const problem of outcome.problems) console.log(`   ✗ ${problem}`);
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    console.log(`   ${outcome.passed ? 'PASS' : 'FAIL'} (${seconds} s)`);
    if (!outcome.passed) failed++;
  }
  console.log(`\ndrill: ${scenarios.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

void main()
  .catch((error: unknown) => {
    console.error(`drill: ${errorMessage(error)}`);
    return 1;
  })
  .then(async (code) => {
    closeAgents();
    await cleanUp();
    process.exit(code);
  });
