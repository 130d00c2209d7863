import { createServer, type Server } from 'node:http';
import { DataSource } from 'typeorm';
import { freePort } from './support/free-port';
import { spawnApiProcess, waitUntilListening, type ApiProcess } from './support/api-process';
import { describeWithRedis, redisUrlForTests } from './support/redis';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: { key: string; value: { stringValue?: string } }[];
}

/** Whether a span records this request target in any of its attributes (url.path, url.query, http.target…). */
function mentions(span: OtlpSpan, text: string): boolean {
  return (span.attributes ?? []).some((entry) => entry.value.stringValue?.includes(text) === true);
}

interface OtlpExport {
  resourceSpans: {
    resource: { attributes: OtlpSpan['attributes'] };
    scopeSpans: { scope: { name: string }; spans: OtlpSpan[] }[];
  }[];
}

const SERVER_KIND = 2;

/** A local OTLP/HTTP (JSON) receiver: collects every span sent to /v1/traces with its scope. */
async function startReceiver(): Promise<{
  server: Server;
  port: number;
  spans: (OtlpSpan & { scope: string; service?: string })[];
}> {
  const spans: (OtlpSpan & { scope: string; service?: string })[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      if (request.url === '/v1/traces' && body) {
        const exported = JSON.parse(body) as OtlpExport;
        for (const resource of exported.resourceSpans) {
          for (const scoped of resource.scopeSpans) {
            const service = resource.resource.attributes?.find(
              (entry) => entry.key === 'service.name',
            );
            for (const span of scoped.spans) {
              spans.push({
                ...span,
                scope: scoped.scope.name,
                service: service?.value.stringValue,
              });
            }
          }
        }
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, port, spans };
}

async function call(
  port: number,
  method: string,
  path: string,
  body?: object,
  token?: string,
): Promise<unknown> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Token ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.json();
}

// Redis spans are part of what is checked: the suite needs a Redis.
describeWithRedis('tracing', () => {
  let api: ApiProcess | undefined;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => (receiver = await startReceiver()));
  afterAll(async () => {
    if (api && api.child.exitCode === null) api.child.kill('SIGKILL');
    await new Promise((resolve) => receiver.server.close(resolve));
  });

  it('turns one request into a server span with pg and Redis child spans under one trace id, which its log line carries', async () => {
    const port = await freePort();
    api = spawnApiProcess({
      PORT: String(port),
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.port}`,
      OTEL_SERVICE_NAME: 'conduit-api-test',
      REDIS_URL: redisUrlForTests() ?? '',
    });
    await waitUntilListening(api);
    const name = `trace${Date.now()}`;
    const registered = (await call(port, 'POST', '/api/users', {
      user: { username: name, email: `${name}@example.com`, password: 'password123' },
    })) as { user: { token: string } };
    await call(
      port,
      'POST',
      '/api/articles',
      { article: { title: `Traced ${name}`, description: 'd', body: 'b' } },
      registered.user.token,
    );
    // An anonymous list the create just invalidated: a Redis miss, then PostgreSQL, then a Redis write.
    const articlePath = `/api/articles?author=${name}`;
    await call(port, 'GET', articlePath);
    api.child.kill('SIGTERM');
    expect((await api.exited).code).toBe(0);

    const server = receiver.spans.find(
      (span) => span.kind === SERVER_KIND && mentions(span, `author=${name}`),
    );
    if (!server) throw new Error(`no server span for ${articlePath}`);
    expect(server.service).toBe('conduit-api-test');
    const trace = receiver.spans.filter((span) => span.traceId === server.traceId);
    expect(trace.some((span) => span.scope.includes('pg'))).toBe(true);
    expect(trace.some((span) => span.scope.includes('redis'))).toBe(true);
    expect(
      trace.filter((span) => span.spanId !== server.spanId).every((span) => span.parentSpanId),
    ).toBe(true);

    const requestLine = api
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map(
        (line) => JSON.parse(line) as { msg?: string; trace_id?: string; req?: { url?: string } },
      )
      .find((line) => line.msg === 'request completed' && line.req?.url === articlePath);
    expect(requestLine?.trace_id).toBe(server.traceId);

    // The registration's user.registered event carries that request's trace context, so the
    // worker's handling continues the same trace.
    const registration = receiver.spans.find(
      (span) =>
        span.kind === SERVER_KIND && mentions(span, '/api/users') && !mentions(span, 'login'),
    );
    if (!registration) throw new Error('no server span for POST /api/users');
    const db = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
    await db.initialize();
    try {
      const rows = await db.query<{ trace_context: { traceparent?: string } }[]>(
        `SELECT trace_context FROM outbox_events
         WHERE type = 'user.registered' AND payload->>'username' = $1`,
        [name],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]?.trace_context.traceparent).toMatch(
        new RegExp(`^00-${registration.traceId}-[0-9a-f]{16}-0[01]$`),
      );
    } finally {
      await db.destroy();
    }
  });
});
