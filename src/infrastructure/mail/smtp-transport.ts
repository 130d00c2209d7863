import { Logger } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import type { MailMessage } from './mailer';

/** Sends through nodemailer's SMTP transport (pooled connections to SMTP_URL). */
export class SmtpTransport {
  private readonly transporter: Transporter;

  constructor(
    url: string,
    private readonly from: string,
    timeoutMs: number,
  ) {
    this.transporter = createTransport({
      url,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
  }

  async send(message: MailMessage): Promise<void> {
    await this.transporter.sendMail({ from: this.from, ...message });
  }

  close(): void {
    this.transporter.close();
  }
}

/** Development without SMTP_URL: the message is written to the log instead of sent. */
export class LogTransport {
  private readonly logger = new Logger('Mail');

  send(message: MailMessage): Promise<void> {
    this.logger.log(
      `(SMTP_URL unset, not sent) To: ${message.to} Subject: ${message.subject}\n${message.text}`,
    );
    return Promise.resolve();
  }

  close(): void {}
}
