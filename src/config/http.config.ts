import { registerAs, type ConfigType } from '@nestjs/config';
import { validateEnvironment } from './validate-environment';

/**
 * Fastify's trustProxy: false, or which hops of X-Forwarded-For to believe: the nearest
 * `n` (a hop count, as a function since Fastify's types leave numbers out) or the listed proxies.
 */
export function parseTrustProxy(
  value: string,
): false | string[] | ((address: string, hop: number) => boolean) {
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_address: string, hop: number) => hop < hops;
  }
  return value.split(',').map((address) => address.trim());
}

/** true reflects any origin; [] allows none. */
export function parseCorsOrigins(value: string | undefined, nodeEnv: string): true | string[] {
  if (value === undefined) return nodeEnv === 'production' ? [] : true;
  if (value === '*') return true;
  return value.split(',').map((origin) => origin.trim());
}

/** /docs: as DOCS_ENABLED says; unset, on outside production. */
export function parseDocsEnabled(value: 'true' | 'false' | undefined, nodeEnv: string): boolean {
  return value === undefined ? nodeEnv !== 'production' : value === 'true';
}

/** How the API process listens, logs and shuts down. */
export const httpConfig = registerAs('http', () => {
  const env = validateEnvironment(process.env);
  return {
    nodeEnv: env.NODE_ENV,
    port: env.PORT,
    // Loopback keeps a developer's API off the network; containers need every interface.
    host: env.HOST ?? (env.NODE_ENV === 'production' ? '0.0.0.0' : '127.0.0.1'),
    logLevel: env.LOG_LEVEL,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    shutdownDrainMs: env.SHUTDOWN_DRAIN_MS,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    corsOrigins: parseCorsOrigins(env.CORS_ORIGINS, env.NODE_ENV),
    docsEnabled: parseDocsEnabled(env.DOCS_ENABLED, env.NODE_ENV),
  };
});

export type HttpConfig = ConfigType<typeof httpConfig>;
