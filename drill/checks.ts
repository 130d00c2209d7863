import { PROJECT_ROOT } from '../bench/provision/paths';
import { runCommand } from '../bench/processes';
import { queryDrillDatabase, type DrillDatabase } from './drill-database';
import { valueAt } from './json-path';
import type { Outcome } from './load';
import type { Topology } from './topology';

/** How many rows hold each title (a write lost: 0; doubled: 2). */
export async function rowsByTitle(
  topology: Topology,
  titles: string[],
): Promise<Map<string, number>> {
  const rows = await queryDrillDatabase<{ title: string; rows: string }>(
    topology.database,
    'SELECT title, count(*) AS rows FROM articles WHERE title = ANY($1::text[]) GROUP BY title',
    [titles],
  );
  return new Map(rows.map((row) => [row.title, Number(row.rows)]));
}

export interface WriteAudit {
  acknowledged: number;
  refused: number;
  /** Acknowledged (201) but not in the database. */
  lost: string[];
  /** In the database more than once. */
  doubled: string[];
  /** Refused, yet written (allowed: the answer was lost, not the write; counted for the figures). */
  refusedButWritten: number;
}

/** Every acknowledged article creation exists exactly once; none exists twice. */
export async function auditWrites(topology: Topology, outcomes: Outcome[]): Promise<WriteAudit> {
  const creations = outcomes.filter((outcome) => outcome.title !== undefined);
  const titles = creations.map((outcome) => outcome.title ?? '');
  const counts = await rowsByTitle(topology, titles);
  const acknowledged = creations.filter((outcome) => outcome.status === 201);
  const refused = creations.filter((outcome) => outcome.status !== 201);
  return {
    acknowledged: acknowledged.length,
    refused: refused.length,
    lost: acknowledged
      .filter((outcome) => (counts.get(outcome.title ?? '') ?? 0) !== 1)
      .map((o) => o.title ?? ''),
    doubled: [...counts].filter(([, rows]) => rows > 1).map(([title]) => title),
    refusedButWritten: refused.filter((outcome) => (counts.get(outcome.title ?? '') ?? 0) > 0)
      .length,
  };
}

export interface EventLedger {
  unpublished: number;
  dead: number;
  /** What the database holds, and what the analytics consumer counted of it: equal when every event had its effect exactly once. */
  articles: number;
  articlesCounted: number;
  users: number;
  signupsCounted: number;
  favorites: number;
  favoritesCounted: number;
  /** Welcome emails recorded as handled, one per user. */
  welcomed: number;
}

export async function eventLedger(database: DrillDatabase): Promise<EventLedger> {
  const [row] = await queryDrillDatabase<Record<keyof EventLedger, string>>(
    database,
    `SELECT
       (SELECT count(*) FROM outbox_events WHERE published_at IS NULL AND dead_at IS NULL) AS unpublished,
       (SELECT count(*) FROM outbox_events WHERE dead_at IS NOT NULL) AS dead,
       (SELECT count(*) FROM articles) AS articles,
       (SELECT coalesce(sum(count), 0) FROM analytics_daily_counters WHERE metric = 'articles_published') AS "articlesCounted",
       (SELECT count(*) FROM users) AS users,
       (SELECT coalesce(sum(count), 0) FROM analytics_daily_counters WHERE metric = 'signups') AS "signupsCounted",
       (SELECT count(*) FROM favorites) AS favorites,
       (SELECT coalesce(sum(count), 0) FROM analytics_daily_counters WHERE metric = 'favorites') AS "favoritesCounted",
       (SELECT count(*) FROM processed_events WHERE consumer = 'notifications') AS welcomed`,
  );
  return {
    unpublished: Number(row.unpublished),
    dead: Number(row.dead),
    articles: Number(row.articles),
    articlesCounted: Number(row.articlesCounted),
    users: Number(row.users),
    signupsCounted: Number(row.signupsCounted),
    favorites: Number(row.favorites),
    favoritesCounted: Number(row.favoritesCounted),
    welcomed: Number(row.welcomed),
  };
}

export function ledgerBalanced(ledger: EventLedger): boolean {
  return (
    ledger.unpublished === 0 &&
    ledger.dead === 0 &&
    ledger.articles === ledger.articlesCounted &&
    ledger.users === ledger.signupsCounted &&
    ledger.favorites === ledger.favoritesCounted &&
    ledger.users === ledger.welcomed
  );
}

export function describeLedger(ledger: EventLedger): string {
  return (
    `outbox unpublished ${ledger.unpublished}, dead ${ledger.dead}; articles ${ledger.articles} / counted ${ledger.articlesCounted}, ` +
    `users ${ledger.users} / signups ${ledger.signupsCounted} / welcomed ${ledger.welcomed}, favorites ${ledger.favorites} / counted ${ledger.favoritesCounted}`
  );
}

/** Polls until every event has had its effect exactly once, or the time is up. */
export async function waitForBalancedLedger(
  database: DrillDatabase,
  timeoutMs: number,
): Promise<{ ledger: EventLedger; waitedMs: number }> {
  const started = Date.now();
  let ledger = await eventLedger(database);
  while (!ledgerBalanced(ledger) && Date.now() - started < timeoutMs) {
    await new Promise((wake) => setTimeout(wake, 250));
    ledger = await eventLedger(database);
  }
  return { ledger, waitedMs: Date.now() - started };
}

export interface GroupStatus {
  name: string;
  pending: number;
  lag: number | null;
}

export interface StreamStatus {
  groups: GroupStatus[];
  deadLetterLength: number;
}

function groupOf(entry: unknown): GroupStatus {
  const lag = valueAt(entry, 'lag');
  return {
    name: String(valueAt(entry, 'name')),
    pending: Number(valueAt(entry, 'pending')),
    lag: lag === null ? null : Number(lag),
  };
}

/** `events:status --json` from the CLI, as an operator would ask: pending and lag per group. */
export async function streamGroups(env: NodeJS.ProcessEnv): Promise<StreamStatus | undefined> {
  const output = await runCommand(process.execPath, ['dist/cli.js', 'events:status', '--json'], {
    cwd: PROJECT_ROOT,
    env,
    label: 'cli events:status',
    timeoutMs: 60_000,
  });
  const json = output.slice(output.indexOf('{'));
  const status: unknown = JSON.parse(json);
  const groups = valueAt(status, 'stream', 'groups');
  if (!Array.isArray(groups)) return undefined;
  return {
    groups: groups.map((entry: unknown) => groupOf(entry)),
    deadLetterLength: Number(valueAt(status, 'stream', 'deadLetterLength')),
  };
}
