/**
 * OpenTelemetry tracing, started when this module is first imported — before Nest, pg, ioredis,
 * redis and pino load, so the auto-instrumentations can patch them. Off unless
 * OTEL_EXPORTER_OTLP_ENDPOINT is set. Entry points import it first.
 */
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { validateEnvironment } from './config/validate-environment';

function startTracing(): NodeSDK | undefined {
  let endpoint: string | undefined;
  let serviceName: string;
  try {
    ({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_SERVICE_NAME: serviceName } =
      validateEnvironment(process.env));
  } catch {
    return undefined; // the entry point reports a bad environment, with every bad variable named
  }
  if (endpoint === undefined) return undefined;
  const sdk = new NodeSDK({
    serviceName,
    traceExporter: new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` }),
    instrumentations: [
      getNodeAutoInstrumentations({
        // Noise without insight for an API: every file read and socket would be a span.
        '@opentelemetry/instrumentation-fs': { enabled: false },
        '@opentelemetry/instrumentation-dns': { enabled: false },
        '@opentelemetry/instrumentation-net': { enabled: false },
      }),
    ],
  });
  sdk.start();
  return sdk;
}

export const tracing = startTracing();
