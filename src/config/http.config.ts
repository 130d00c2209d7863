import { registerAs, type ConfigType } from '@nestjs/config';
import { validateEnvironment } from './validate-environment';

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
  };
});

export type HttpConfig = ConfigType<typeof httpConfig>;
