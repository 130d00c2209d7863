import { registerAs, type ConfigType } from '@nestjs/config';
import { validateEnvironment } from './validate-environment';

export const mailConfig = registerAs('mail', () => {
  const env = validateEnvironment(process.env);
  return {
    smtpUrl: env.SMTP_URL,
    from: env.MAIL_FROM,
    timeoutMs: env.MAIL_TIMEOUT_MS,
    breakerErrorPercent: env.MAIL_BREAKER_ERROR_PERCENT,
    breakerResetMs: env.MAIL_BREAKER_RESET_MS,
  };
});

export type MailConfig = ConfigType<typeof mailConfig>;
