import { createTransport, type SendMailOptions, type Transporter } from 'nodemailer';
import type { MailTransport } from './circuit-breaker-mailer';
import type { MailMessage } from './mailer';

/**
 * nodemailer 10 cancels a send on `signal` (closing its connection), but @types/nodemailer 8
 * predates the option: this adds it to the declared shape.
 */
type CancellableSendOptions = SendMailOptions & { signal: AbortSignal };

/** Sends through nodemailer's SMTP transport, one connection per message, to SMTP_URL. */
export class SmtpTransport implements MailTransport {
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

  async send(message: MailMessage, signal: AbortSignal): Promise<void> {
    const options: CancellableSendOptions = { from: this.from, ...message, signal };
    await this.transporter.sendMail(options);
  }

  close(): void {
    this.transporter.close();
  }
}
