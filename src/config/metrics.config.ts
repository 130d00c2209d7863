import { registerAs, type ConfigType } from '@nestjs/config';
import { validateEnvironment } from './validate-environment';

export const metricsConfig = registerAs('metrics', () => {
  const env = validateEnvironment(process.env);
  return { port: env.METRICS_PORT, token: env.METRICS_TOKEN };
});

export type MetricsConfig = ConfigType<typeof metricsConfig>;
