import { Command, Help, Option } from 'nest-commander';
import { eventsConfig, type EventsConfig } from '../config/events.config';
import { Inject } from '@nestjs/common';
import { EventsAdmin } from '../infrastructure/events/events-admin.service';
import { CliCommand } from './cli-command';
import { CliFailure, EXIT_USAGE } from './cli-failure';
import { print } from './output';
import { parseWholeNumber } from './whole-number';

interface ReplayDeadOptions {
  limit?: number;
}

const NOTES = `
Notes:
  With Redis, each dead-letter entry's original event goes back to the events
  stream and leaves the dead-letter stream atomically. Every consumer group sees it
  again; groups that handled it already skip it (processed_events), so only the
  one that failed does the work.
  Without Redis, the dead outbox rows are made due again, all of them (--limit
  needs Redis).`;

@Command({
  name: 'events:replay-dead',
  description: 'Send dead-lettered events to their consumers again',
})
export class EventsReplayDeadCommand extends CliCommand {
  constructor(
    private readonly events: EventsAdmin,
    @Inject(eventsConfig.KEY) private readonly config: EventsConfig,
  ) {
    super();
  }

  async run(_arguments: string[], options: ReplayDeadOptions): Promise<void> {
    if (this.config.inProcess) {
      if (options.limit !== undefined) {
        throw new CliFailure(
          '--limit needs REDIS_URL: without Redis every dead outbox row is replayed at once',
          EXIT_USAGE,
        );
      }
      const { replayed } = await this.events.replayDead(Number.POSITIVE_INFINITY);
      print(`Replayed ${replayed} dead outbox events (in-process delivery, REDIS_URL unset).`);
      return;
    }
    const { replayed, skipped } = await this.events.replayDead(
      options.limit ?? Number.POSITIVE_INFINITY,
    );
    print(
      `Replayed ${replayed} dead-letter entries from ${this.config.deadLetterStreamKey} to ${this.config.streamKey}.`,
    );
    if (skipped.length > 0) {
      print(
        `Left ${skipped.length} entries that carry no event in ${this.config.deadLetterStreamKey}: ${skipped.join(', ')}`,
      );
    }
  }

  @Option({ flags: '--limit <n>', description: 'replay at most n entries (default: all)' })
  parseLimit(value: string): number {
    return parseWholeNumber(value, 1, 1_000_000);
  }

  @Help('after')
  notes(): string {
    return NOTES;
  }
}
