import { CommandRunner } from 'nest-commander';

/** commander's Command, as nest-commander's own copy of commander types it. */
type Commander = Parameters<CommandRunner['setCommand']>[0];

/**
 * The base of every command. nest-commander gives its error handler to the root program only;
 * a subcommand's parse errors (unknown option, missing or bad value, extra arguments) would make
 * commander print and exit 1 itself. Here they are thrown instead, to the run's error handler,
 * which exits 2 (see cli-failure.ts) after the application context has closed.
 */
export abstract class CliCommand extends CommandRunner {
  override setCommand(command: Commander): this {
    command.exitOverride().allowExcessArguments(false).showHelpAfterError('(add --help for usage)');
    return super.setCommand(command);
  }
}
