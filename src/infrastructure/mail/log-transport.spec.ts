import { Logger } from '@nestjs/common';
import { welcomeEmail } from '../../modules/notifications/welcome-email';
import { LogTransport } from './log-transport';

describe('LogTransport (MAIL_TRANSPORT=log)', () => {
  const message = welcomeEmail('ada@example.com', 'ada_lovelace');
  let logged: string[];
  beforeEach(() => {
    logged = [];
    jest.spyOn(Logger.prototype, 'log').mockImplementation((line: unknown) => {
      logged.push(String(line));
    });
  });
  afterEach(() => jest.restoreAllMocks());

  it('writes the whole message in development, where the log is the developer’s own', async () => {
    await new LogTransport(true).send(message);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('ada@example.com');
    expect(logged[0]).toContain(message.text);
  });

  it('writes neither the address nor the content anywhere else', async () => {
    await new LogTransport(false).send(message);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('not sent');
    expect(logged[0]).not.toContain('ada@example.com');
    expect(logged[0]).not.toContain('ada_lovelace');
    expect(logged[0]).not.toContain('Welcome');
  });
});
