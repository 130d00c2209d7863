import { Logger } from '@nestjs/common';
import CircuitBreaker from 'opossum';
import { Gauge, type Registry } from 'prom-client';
import type { MailConfig } from '../../config/mail.config';
import type { Mailer, MailMessage } from './mailer';

/** The transport underneath: SMTP, or the log in development. */
export interface MailTransport {
  /**
   * Sends, or gives up as soon as `signal` aborts: a send abandoned at its deadline must not
   * complete afterwards, or the event, retried, would be mailed twice.
   */
  send(message: MailMessage, signal: AbortSignal): Promise<void>;
  close(): void;
}

/**
 * Thrown when the mail server is the problem (unreachable, too slow, "try again later", or the
 * circuit open because of that): the message is fine and will be sent after `retryInMs`.
 */
export class MailUnavailable extends Error {
  constructor(
    readonly retryInMs: number,
    reason: string,
  ) {
    super(`mail server unavailable (${reason}); next try within ${retryInMs} ms`);
    this.name = 'MailUnavailable';
  }
}

const STATE_VALUES = { closed: 0, halfOpen: 1, open: 2 } as const;

/**
 * Every send goes through an opossum breaker: a send slower than MAIL_TIMEOUT_MS is abandoned
 * and fails; when MAIL_BREAKER_ERROR_PERCENT of recent sends failed the circuit opens, and for
 * MAIL_BREAKER_RESET_MS sends fail at once instead of waiting on a dead server; then one trial
 * send decides. The state is the gauge circuit_breaker_state{breaker="mail"} (0 closed,
 * 1 half-open, 2 open) and every change is logged.
 *
 * Failures are sorted by whose they are. The server's (no connection, too slow, a 4xx "try
 * again later", failed login, or the circuit failing fast because of those) count for the
 * breaker and surface as MailUnavailable: the event waits without spending an attempt, however
 * long the outage, since a half-open trial that fails is no more the message's fault than the
 * first failure was. The message's own (a 5xx refusal of its recipient or content) and
 * anything unforeseen are thrown as they are: they cost the event an attempt, end in the dead
 * letters, and do not open the circuit for everyone else's mail.
 */
export class CircuitBreakerMailer implements Mailer {
  private readonly logger = new Logger('MailBreaker');
  private readonly breaker: CircuitBreaker<[MailMessage], void>;

  constructor(
    private readonly transport: MailTransport,
    private readonly config: MailConfig,
    registry: Registry,
  ) {
    // The transport enforces the deadline itself: opossum's own timeout would only stop
    // waiting, and the send going on behind it could still deliver a message we then resend.
    this.breaker = new CircuitBreaker(
      (message: MailMessage) => transport.send(message, AbortSignal.timeout(config.timeoutMs)),
      {
        name: 'mail',
        timeout: false,
        errorThresholdPercentage: config.breakerErrorPercent,
        resetTimeout: config.breakerResetMs,
        // True means "not a failure": only the server's trouble says anything about its health.
        errorFilter: (error: unknown) => !isServerTrouble(error),
      },
    );
    const gauge = new Gauge({
      name: 'circuit_breaker_state',
      help: 'Circuit breaker state: 0 closed, 1 half-open, 2 open',
      labelNames: ['breaker'] as const,
      registers: [registry],
    });
    const report = (state: keyof typeof STATE_VALUES, message: string) => {
      gauge.set({ breaker: 'mail' }, STATE_VALUES[state]);
      this.logger.warn(message);
    };
    gauge.set({ breaker: 'mail' }, STATE_VALUES.closed);
    this.breaker.on('open', () =>
      report('open', `Mail circuit opened: sends fail fast for ${config.breakerResetMs} ms`),
    );
    this.breaker.on('halfOpen', () => report('halfOpen', 'Mail circuit half-open: one trial send'));
    this.breaker.on('close', () => report('closed', 'Mail circuit closed: sending again'));
  }

  get state(): keyof typeof STATE_VALUES {
    if (this.breaker.opened) return 'open';
    return this.breaker.halfOpen ? 'halfOpen' : 'closed';
  }

  async send(message: MailMessage): Promise<void> {
    try {
      await this.breaker.fire(message);
    } catch (error) {
      // Failing fast also happens while half-open, to sends behind the one trial.
      if (isBreakerRejection(error) || isServerTrouble(error)) {
        throw new MailUnavailable(this.config.breakerResetMs, reasonOf(error));
      }
      throw error;
    }
  }

  close(): void {
    this.breaker.shutdown();
    this.transport.close();
  }
}

/**
 * nodemailer's codes for a server that could not be reached or talked to (ECONNECTION,
 * ETIMEDOUT, ESOCKET, EDNS, ETLS, EPROTOCOL), refused our login (EAUTH: every message would
 * fail alike), or a send abandoned at its deadline (EABORT).
 */
const SERVER_TROUBLE_CODES: ReadonlySet<string> = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ETLS',
  'EPROTOCOL',
  'EAUTH',
  'EABORT',
]);

/**
 * The server's trouble rather than the message's: one of the codes above, or a reply nodemailer
 * marks not permanent (4xx, RFC 5321's transient class, and 503).
 */
function isServerTrouble(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code: unknown = Reflect.get(error, 'code');
  if (typeof code === 'string' && SERVER_TROUBLE_CODES.has(code)) return true;
  return (
    typeof Reflect.get(error, 'responseCode') === 'number' &&
    Reflect.get(error, 'permanent') === false
  );
}

function isBreakerRejection(error: unknown): boolean {
  return error instanceof Error && Reflect.get(error, 'code') === 'EOPENBREAKER';
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
