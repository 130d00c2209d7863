import { Logger } from '@nestjs/common';
import CircuitBreaker from 'opossum';
import { Gauge, type Registry } from 'prom-client';
import type { MailConfig } from '../../config/mail.config';
import type { Mailer, MailMessage } from './mailer';

/** The transport underneath: SMTP, or the log in development. */
export interface MailTransport {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** Thrown while the breaker is open: mail is not being tried, and will be after `retryInMs`. */
export class MailUnavailable extends Error {
  constructor(readonly retryInMs: number) {
    super(`mail circuit open; next trial within ${retryInMs} ms`);
    this.name = 'MailUnavailable';
  }
}

const STATE_VALUES = { closed: 0, halfOpen: 1, open: 2 } as const;

/**
 * Every send goes through an opossum breaker: a send slower than MAIL_TIMEOUT_MS fails; when
 * MAIL_BREAKER_ERROR_PERCENT of recent sends failed the circuit opens, and for
 * MAIL_BREAKER_RESET_MS sends fail at once with MailUnavailable instead of waiting on a dead
 * server; then one trial send decides. The state is the gauge circuit_breaker_state{breaker="mail"}
 * (0 closed, 1 half-open, 2 open) and every change is logged.
 */
export class CircuitBreakerMailer implements Mailer {
  private readonly logger = new Logger('MailBreaker');
  private readonly breaker: CircuitBreaker<[MailMessage], void>;

  constructor(
    private readonly transport: MailTransport,
    private readonly config: MailConfig,
    registry: Registry,
  ) {
    this.breaker = new CircuitBreaker((message: MailMessage) => transport.send(message), {
      name: 'mail',
      timeout: config.timeoutMs,
      errorThresholdPercentage: config.breakerErrorPercent,
      resetTimeout: config.breakerResetMs,
    });
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
      if (this.breaker.opened && isBreakerRejection(error)) {
        throw new MailUnavailable(this.config.breakerResetMs);
      }
      throw error;
    }
  }

  close(): void {
    this.breaker.shutdown();
    this.transport.close();
  }
}

function isBreakerRejection(error: unknown): boolean {
  return error instanceof Error && Reflect.get(error, 'code') === 'EOPENBREAKER';
}
