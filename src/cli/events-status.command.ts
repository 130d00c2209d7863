import { Command, Option } from 'nest-commander';
import { EventsAdmin, type EventsStatus } from '../infrastructure/events/events-admin.service';
import { CliCommand } from './cli-command';
import { formatTable, print, printJson } from './output';

interface EventsStatusOptions {
  json?: boolean;
}

function describeAge(seconds: number | null): string {
  if (seconds === null) return '';
  if (seconds < 120) return ` (${seconds.toFixed(0)} s ago)`;
  if (seconds < 7_200) return ` (${(seconds / 60).toFixed(0)} min ago)`;
  return ` (${(seconds / 3_600).toFixed(1)} h ago)`;
}

function describe(status: EventsStatus): string[] {
  const { outbox, stream } = status;
  const lines = [
    'Outbox (PostgreSQL)',
    `  unpublished events   ${outbox.unpublished}`,
    `  oldest unpublished   ${outbox.oldestUnpublishedAt ?? '-'}${describeAge(outbox.oldestUnpublishedAgeSeconds)}`,
    `  dead (in-process)    ${outbox.dead}`,
  ];
  if (stream === null) {
    return [...lines, 'Redis: REDIS_URL unset; events go from the outbox to in-process consumers'];
  }
  lines.push(
    `Events stream ${stream.key} (Redis)`,
    `  length               ${stream.length}`,
    `  dead letters         ${stream.deadLetterLength} (${stream.deadLetterKey})`,
  );
  if (stream.groups.length === 0) {
    return [...lines, '  no consumer groups yet (no worker has read the stream)'];
  }
  const table = formatTable(
    ['  group', 'consumers', 'pending', 'lag'],
    stream.groups.map((group) => [
      `  ${group.name}`,
      String(group.consumers),
      String(group.pending),
      group.lag === null ? 'unknown' : String(group.lag),
    ]),
  );
  return [...lines, table];
}

@Command({
  name: 'events:status',
  description:
    'Show the outbox backlog and, with Redis, the events stream, its consumer groups and dead letters',
})
export class EventsStatusCommand extends CliCommand {
  constructor(private readonly events: EventsAdmin) {
    super();
  }

  async run(_arguments: string[], options: EventsStatusOptions): Promise<void> {
    const status = await this.events.status();
    if (options.json) printJson(status);
    else print(...describe(status));
  }

  @Option({ flags: '--json', description: 'print JSON for scripts' })
  parseJson(): boolean {
    return true;
  }
}
