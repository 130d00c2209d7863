import { registerAs, type ConfigType } from '@nestjs/config';
import { randomBytes } from 'node:crypto';
import { validateEnvironment } from './validate-environment';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** "3600", "15m", "12h", "7d" → seconds (the format is checked by environment.ts). */
export function durationToSeconds(duration: string): number {
  const unit = duration.at(-1) ?? '';
  const factor = UNIT_SECONDS[unit];
  return factor === undefined ? Number(duration) : Number(duration.slice(0, -1)) * factor;
}

/** JWT settings. Outside production a missing secret is generated, and that is said at boot. */
export const authConfig = registerAs('auth', () => {
  const env = validateEnvironment(process.env);
  return {
    jwtSecret: env.JWT_SECRET ?? randomBytes(48).toString('base64url'),
    jwtSecretGenerated: env.JWT_SECRET === undefined,
    jwtTtlSeconds: durationToSeconds(env.JWT_TTL),
    refreshTokenTtlSeconds: durationToSeconds(env.REFRESH_TOKEN_TTL),
  };
});

export type AuthConfig = ConfigType<typeof authConfig>;
