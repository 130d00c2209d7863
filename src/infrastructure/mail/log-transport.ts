import { Logger } from '@nestjs/common';
import type { MailTransport } from './circuit-breaker-mailer';
import type { MailMessage } from './mailer';

/**
 * MAIL_TRANSPORT=log (the default without SMTP_URL outside production): the message is written
 * to the log instead of sent. Addresses and bodies are personal data, so only development logs
 * them; elsewhere the line only says that a message was written, and how long it was.
 */
export class LogTransport implements MailTransport {
  private readonly logger = new Logger('Mail');

  constructor(private readonly logsContent: boolean) {}

  send(message: MailMessage): Promise<void> {
    this.logger.log(
      this.logsContent
        ? `(MAIL_TRANSPORT=log, not sent) To: ${message.to} Subject: ${message.subject}\n${message.text}`
        : `(MAIL_TRANSPORT=log, not sent) a message of ${message.text.length} characters; address and content are not logged outside development`,
    );
    return Promise.resolve();
  }

  close(): void {}
}
