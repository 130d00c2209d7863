import { registerAs, type ConfigType } from '@nestjs/config';
import type { MailTransportName } from './environment';
import { validateEnvironment } from './validate-environment';

export const mailConfig = registerAs('mail', () => {
  const env = validateEnvironment(process.env);
  // The environment check guarantees an SMTP_URL wherever `smtp` is the answer.
  const transport: MailTransportName =
    env.MAIL_TRANSPORT ?? (env.SMTP_URL === undefined ? 'log' : 'smtp');
  return {
    transport,
    smtpUrl: env.SMTP_URL,
    /** Addresses and bodies are personal data: only a developer's own log shows them. */
    logsContent: env.NODE_ENV === 'development',
    from: env.MAIL_FROM,
    timeoutMs: env.MAIL_TIMEOUT_MS,
    breakerErrorPercent: env.MAIL_BREAKER_ERROR_PERCENT,
    breakerResetMs: env.MAIL_BREAKER_RESET_MS,
  };
});

export type MailConfig = ConfigType<typeof mailConfig>;
