import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';

export interface DrillResponse {
  /** 0 when no HTTP answer came (refused, reset, timed out). */
  status: number;
  headers: IncomingHttpHeaders;
  /** Parsed JSON, else the text. */
  body: unknown;
  ms: number;
  error?: string;
}

export interface DrillRequest {
  method?: string;
  path: string;
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
  /**
   * The loopback address the request comes from (127.0.0.0/8 is all ours): the load balancer
   * passes it on in X-Forwarded-For, so each address is a client of its own to the rate limiter.
   */
  from?: string;
  timeoutMs?: number;
}

const agents = new Map<string, Agent>();

function agentFor(from: string): Agent {
  let agent = agents.get(from);
  if (agent === undefined) {
    agent = new Agent({ keepAlive: true, maxSockets: 64, localAddress: from });
    agents.set(from, agent);
  }
  return agent;
}

export function closeAgents(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** One request to `baseUrl`; never rejects: a failure is a status-0 answer with its reason. */
export function send(baseUrl: string, spec: DrillRequest): Promise<DrillResponse> {
  const url = new URL(spec.path, baseUrl);
  const payload = spec.body === undefined ? undefined : JSON.stringify(spec.body);
  const headers: Record<string, string> = {
    accept: 'application/json',
    ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
    ...(spec.token === undefined ? {} : { authorization: `Token ${spec.token}` }),
    ...spec.headers,
  };
  const started = performance.now();
  return new Promise((resolve) => {
    const done = (answer: Omit<DrillResponse, 'ms'>): void =>
      resolve({ ...answer, ms: performance.now() - started });
    const outgoing = httpRequest(
      url,
      {
        method: spec.method ?? 'GET',
        headers,
        agent: agentFor(spec.from ?? '127.0.0.1'),
        timeout: spec.timeoutMs ?? 10_000,
      },
      (incoming) => {
        let text = '';
        incoming.setEncoding('utf8');
        incoming.on('data', (chunk: string) => (text += chunk));
        incoming.on('end', () =>
          done({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: parse(text) }),
        );
        incoming.on('error', (error) =>
          done({ status: 0, headers: {}, body: undefined, error: error.message }),
        );
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error('timed out')));
    outgoing.on('error', (error) =>
      done({ status: 0, headers: {}, body: undefined, error: error.message }),
    );
    outgoing.end(payload);
  });
}

/** GET `url` until it answers `status` or the time is up; true when it did. */
export async function waitForStatus(
  url: string,
  status: number,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const answer = await send(url, { path: url, timeoutMs: 1_000 });
    if (answer.status === status) return true;
    await new Promise((wake) => setTimeout(wake, 100));
  }
  return false;
}
