import { Logger } from '@nestjs/common';
import { Registry } from 'prom-client';
import type { MailConfig } from '../../config/mail.config';
import {
  CircuitBreakerMailer,
  MailUnavailable,
  type MailTransport,
} from './circuit-breaker-mailer';
import type { MailMessage } from './mailer';

const config: MailConfig = {
  transport: 'log',
  smtpUrl: undefined,
  logsContent: false,
  from: 'Conduit <no-reply@conduit.local>',
  timeoutMs: 200,
  breakerErrorPercent: 50,
  breakerResetMs: 50,
};

const message = (to: string): MailMessage => ({ to, subject: 'Hi', text: 'Hi', html: '<p>Hi</p>' });

/** An error as nodemailer reports an SMTP reply: code, reply code, and whether it is final. */
function smtpError(code: string, responseCode: number, command: string): Error {
  return Object.assign(new Error(`${responseCode} from the server`), {
    code,
    responseCode,
    permanent: responseCode >= 500 && responseCode !== 503,
    command,
  });
}

const TRY_AGAIN_LATER = () => smtpError('EENVELOPE', 451, 'RCPT TO');
const NO_SUCH_USER = () => smtpError('EENVELOPE', 550, 'RCPT TO');

type Behaviour = (signal: AbortSignal) => Promise<void>;

/** Does what it is told, and keeps what it was asked to send and with which signal. */
class FakeTransport implements MailTransport {
  readonly attempted: string[] = [];
  readonly signals: AbortSignal[] = [];
  closed = false;
  private behaviour: Behaviour = () => Promise.resolve();

  succeed(): void {
    this.behaviour = () => Promise.resolve();
  }

  fail(makeError: () => Error): void {
    this.behaviour = () => Promise.reject(makeError());
  }

  /** Never answers; gives up, as nodemailer does, when the signal aborts. */
  hang(): void {
    this.behaviour = (signal) =>
      new Promise((_resolve, reject) => {
        signal.addEventListener('abort', () =>
          reject(Object.assign(new Error('Message sending aborted'), { code: 'EABORT' })),
        );
      });
  }

  /** Answers when `release` is called: a trial send still in flight. */
  holdUntilReleased(): () => void {
    let release: (() => void) | undefined;
    const answered = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.behaviour = () => answered;
    return () => release?.();
  }

  send(mail: MailMessage, signal: AbortSignal): Promise<void> {
    this.attempted.push(mail.to);
    this.signals.push(signal);
    return this.behaviour(signal);
  }

  close(): void {
    this.closed = true;
  }
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('CircuitBreakerMailer', () => {
  // Every state change is logged as a warning: here that would only be noise.
  beforeAll(() => Logger.overrideLogger(false));

  let transport: FakeTransport;
  let registry: Registry;
  let mailer: CircuitBreakerMailer;

  beforeEach(() => {
    transport = new FakeTransport();
    registry = new Registry();
    mailer = new CircuitBreakerMailer(transport, config, registry);
  });

  afterEach(() => mailer.close());

  async function gauge(): Promise<number | undefined> {
    const metric = registry.getSingleMetric('circuit_breaker_state');
    const values = metric === undefined ? [] : (await metric.get()).values;
    return values.find((value) => value.labels.breaker === 'mail')?.value;
  }

  /** Opens the circuit with one "try again later" (one failure of one send is 100 % > 50 %). */
  async function open(): Promise<void> {
    transport.fail(TRY_AGAIN_LATER);
    await expect(mailer.send(message('first@example.com'))).rejects.toBeInstanceOf(MailUnavailable);
    expect(mailer.state).toBe('open');
  }

  it('sends through the transport while closed, with the gauge at 0', async () => {
    await mailer.send(message('a@example.com'));
    expect(transport.attempted).toEqual(['a@example.com']);
    expect(mailer.state).toBe('closed');
    expect(await gauge()).toBe(0);
  });

  it("opens on the server's trouble, and says so with MailUnavailable rather than the SMTP error", async () => {
    transport.fail(TRY_AGAIN_LATER);
    const failure: unknown = await mailer.send(message('a@example.com')).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(MailUnavailable);
    expect(failure instanceof MailUnavailable && failure.retryInMs).toBe(config.breakerResetMs);
    expect(mailer.state).toBe('open');
    expect(await gauge()).toBe(2);
  });

  it('fails fast with MailUnavailable while open, without reaching the server', async () => {
    await open();
    transport.succeed();
    await expect(mailer.send(message('b@example.com'))).rejects.toBeInstanceOf(MailUnavailable);
    expect(transport.attempted).toEqual(['first@example.com']);
  });

  it('goes half-open after the reset time, and one successful trial closes it', async () => {
    await open();
    transport.succeed();
    await until(() => mailer.state === 'halfOpen', 'half-open');
    expect(await gauge()).toBe(1);

    await mailer.send(message('trial@example.com'));
    expect(transport.attempted).toEqual(['first@example.com', 'trial@example.com']);
    expect(mailer.state).toBe('closed');
    expect(await gauge()).toBe(0);
  });

  it('a failed trial reopens the circuit and is MailUnavailable too: an outage costs no attempts', async () => {
    await open();
    await until(() => mailer.state === 'halfOpen', 'half-open');
    await expect(mailer.send(message('trial@example.com'))).rejects.toBeInstanceOf(MailUnavailable);
    expect(transport.attempted).toEqual(['first@example.com', 'trial@example.com']);
    expect(mailer.state).toBe('open');
    expect(await gauge()).toBe(2);
  });

  it('sends behind the half-open trial fail fast with MailUnavailable', async () => {
    await open();
    await until(() => mailer.state === 'halfOpen', 'half-open');
    const release = transport.holdUntilReleased();
    const trial = mailer.send(message('trial@example.com'));
    await expect(mailer.send(message('behind@example.com'))).rejects.toBeInstanceOf(
      MailUnavailable,
    );
    release();
    await trial;
    expect(transport.attempted).toEqual(['first@example.com', 'trial@example.com']);
    expect(mailer.state).toBe('closed');
  });

  it("a permanent refusal of the message is thrown as it is, and does not open the circuit for everyone's mail", async () => {
    transport.fail(NO_SUCH_USER);
    const failure: unknown = await mailer.send(message('nobody@example.com')).catch((e) => e);
    expect(failure).not.toBeInstanceOf(MailUnavailable);
    expect(failure instanceof Error && Reflect.get(failure, 'responseCode')).toBe(550);
    expect(mailer.state).toBe('closed');

    transport.succeed();
    await mailer.send(message('someone@example.com'));
    expect(transport.attempted).toEqual(['nobody@example.com', 'someone@example.com']);
  });

  it('an unforeseen error is thrown as it is and leaves the circuit closed', async () => {
    transport.fail(() => new TypeError('a bug of ours'));
    await expect(mailer.send(message('a@example.com'))).rejects.toThrow(TypeError);
    expect(mailer.state).toBe('closed');
  });

  it('abandons a send slower than the timeout through its signal, and opens', async () => {
    transport.hang();
    await expect(mailer.send(message('slow@example.com'))).rejects.toBeInstanceOf(MailUnavailable);
    expect(transport.signals[0]?.aborted).toBe(true);
    expect(mailer.state).toBe('open');
  });

  it('closes the transport on close', () => {
    mailer.close();
    expect(transport.closed).toBe(true);
  });
});
