import { Command, Help, Option } from 'nest-commander';
import { RegisterUserRequest } from '../modules/users/dto/register-user.request';
import { UsersService } from '../modules/users/users.service';
import { CliCommand } from './cli-command';
import { print } from './output';
import { validateInput } from './validate-input';

interface UserCreateOptions {
  username: string;
  email: string;
  password: string;
}

const NOTES = `
Notes:
  The input is checked by the rules of POST /api/users (exit 2 when it breaks one);
  a taken username or email exits 1 and changes nothing.
  Like a registration through the API, it records a user.registered event: the
  worker sends the welcome email.
  The password ends up in your shell history: prefix the command with a space
  (with HISTCONTROL=ignorespace) or change the password afterwards.`;

@Command({ name: 'user:create', description: 'Register a user, as POST /api/users does' })
export class UserCreateCommand extends CliCommand {
  constructor(private readonly users: UsersService) {
    super();
  }

  async run(_arguments: string[], options: UserCreateOptions): Promise<void> {
    const { user } = await validateInput(RegisterUserRequest, { user: options });
    const created = await this.users.register(user);
    print(
      `Created user ${created.username} <${created.email}>.`,
      'A user.registered event is in the outbox: the worker sends the welcome email.',
    );
  }

  @Option({ flags: '--username <username>', description: 'the unique username', required: true })
  parseUsername(value: string): string {
    return value;
  }

  @Option({ flags: '--email <email>', description: 'the unique email address', required: true })
  parseEmail(value: string): string {
    return value;
  }

  @Option({ flags: '--password <password>', description: 'at least 8 characters', required: true })
  parsePassword(value: string): string {
    return value;
  }

  @Help('after')
  notes(): string {
    return NOTES;
  }
}
