import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { mailConfig, type MailConfig } from '../../config/mail.config';
import { MetricsService } from '../observability/metrics.service';
import { CircuitBreakerMailer } from './circuit-breaker-mailer';
import { MAILER } from './mailer';
import { LogTransport } from './log-transport';
import { SmtpTransport } from './smtp-transport';

@Global()
@Module({
  providers: [
    {
      provide: MAILER,
      inject: [mailConfig.KEY, MetricsService],
      useFactory: (config: MailConfig, metrics: MetricsService) =>
        new CircuitBreakerMailer(
          config.transport === 'smtp' && config.smtpUrl !== undefined
            ? new SmtpTransport(config.smtpUrl, config.from, config.timeoutMs)
            : new LogTransport(config.logsContent),
          config,
          metrics.registry,
        ),
    },
  ],
  exports: [MAILER],
})
export class MailModule implements OnApplicationShutdown {
  constructor(@Inject(MAILER) private readonly mailer: CircuitBreakerMailer) {}

  onApplicationShutdown(): void {
    this.mailer.close();
  }
}
