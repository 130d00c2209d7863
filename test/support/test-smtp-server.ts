import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

/** A message the server accepted: its envelope recipients and the headers a test reads. */
export interface ReceivedMail {
  to: string[];
  subject: string;
  raw: string;
}

/**
 * How the server answers: `accept` every message; `tempfail` every recipient with 451 (a
 * server in trouble, RFC 5321's "try again later"); `slow` every message, but the MAIL FROM and
 * the RCPT TO replies each come only after `stepMs`, so no single wait is long while the whole
 * send is.
 */
export type SmtpBehaviour =
  { mode: 'accept' } | { mode: 'tempfail' } | { mode: 'slow'; stepMs: number };

class TemporaryFailure extends Error {
  readonly responseCode = 451;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The Subject header of a raw message, unfolded (RFC 5322 continuation lines). */
function subjectOf(raw: string): string {
  const headerEnd = raw.indexOf('\r\n\r\n');
  const headers = (headerEnd === -1 ? raw : raw.slice(0, headerEnd)).replace(/\r\n[ \t]+/g, ' ');
  const line = headers.split('\r\n').find((header) => /^subject:/i.test(header));
  return line === undefined ? '' : line.slice('subject:'.length).trim();
}

/**
 * A real SMTP server (the `smtp-server` package) on a free port of 127.0.0.1, keeping what it
 * accepted, and failing or stalling on demand. No STARTTLS is offered, so nodemailer sends in
 * plain text, and no authentication is asked for.
 */
export class TestSmtpServer {
  /** Messages accepted (250 to the end of DATA), in order. */
  readonly received: ReceivedMail[] = [];
  /** RCPT TO commands seen, accepted or not: one per send that got that far. */
  readonly recipientAttempts: string[] = [];
  private behaviour: SmtpBehaviour = { mode: 'accept' };
  private refused = 0;
  private readonly server: SMTPServer;
  private port = 0;

  private constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      closeTimeout: 1_000,
      onMailFrom: (_address, _session, callback) => {
        this.stall().then(() => callback(), callback);
      },
      onRcptTo: (address, _session, callback) => {
        this.recipientAttempts.push(address.address);
        if (this.behaviour.mode === 'tempfail') {
          this.refused += 1;
          callback(new TemporaryFailure('Requested action aborted: try again later'));
          return;
        }
        this.stall().then(() => callback(), callback);
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          this.accept(session, Buffer.concat(chunks).toString('utf8'));
          callback();
        });
      },
    });
    // A client that gave up (a timed-out send) leaves its connection's late replies nowhere to
    // go; that is the client's business, not a failure of the test.
    this.server.on('error', () => undefined);
  }

  static async start(): Promise<TestSmtpServer> {
    const smtp = new TestSmtpServer();
    await new Promise<void>((resolve, reject) => {
      smtp.server.once('error', reject);
      const listener = smtp.server.listen(0, '127.0.0.1', () => {
        const address: AddressInfo | string | null = listener.address();
        smtp.port = typeof address === 'object' && address !== null ? address.port : 0;
        resolve();
      });
    });
    return smtp;
  }

  /** For SMTP_URL. */
  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  behave(behaviour: SmtpBehaviour): void {
    this.behaviour = behaviour;
  }

  messagesTo(address: string): ReceivedMail[] {
    return this.received.filter((mail) => mail.to.includes(address));
  }

  attemptsFor(address: string): number {
    return this.recipientAttempts.filter((recipient) => recipient === address).length;
  }

  /** Sends turned away with 451 so far. */
  get refusals(): number {
    return this.refused;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async stall(): Promise<void> {
    if (this.behaviour.mode === 'slow') await sleep(this.behaviour.stepMs);
  }

  private accept(session: SMTPServerSession, raw: string): void {
    this.received.push({
      to: session.envelope.rcptTo.map((recipient) => recipient.address),
      subject: subjectOf(raw),
      raw,
    });
  }
}
