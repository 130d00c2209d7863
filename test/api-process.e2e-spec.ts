import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect, type Socket } from 'node:net';
import { freePort } from './support/free-port';
import { spawnApiProcess, waitUntilListening, type ApiProcess } from './support/api-process';

function send(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, method, headers, agent: false },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const get = (port: number, path: string, headers: Record<string, string> = {}) =>
  send(port, 'GET', path, headers);
const post = (port: number, path: string, json: object, headers: Record<string, string> = {}) =>
  send(
    port,
    'POST',
    path,
    { 'content-type': 'application/json', ...headers },
    JSON.stringify(json),
  );

/**
 * The code of a failed connection ("socket hang up" is ECONNRESET: its message does not say so,
 * its code does). Not `instanceof Error`: Node's errors come from outside Jest's sandbox.
 */
function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
}

/** Resolves once a new connection to `port` is refused: the listener has closed. */
async function untilListenerCloses(port: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await get(port, '/health/live');
    } catch (error) {
      if (errorCode(error) === 'ECONNREFUSED') return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`port ${port} still accepted connections after ${timeoutMs} ms`);
}

/** Everything the server sends on `socket` until it closes the connection. */
function readUntilClosed(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

interface LogLine {
  level: number;
  msg: string;
  route?: string;
  userId?: number;
  context?: string;
  req?: { id?: string };
}

/** The JSON lines a process wrote (its Nest, service and request logs). */
function jsonLines(output: string): LogLine[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

describe('the API process', () => {
  let api: ApiProcess | undefined;
  afterEach(() => {
    if (api && api.child.exitCode === null && api.child.signalCode === null)
      api.child.kill('SIGKILL');
    api = undefined;
  });

  it('stops before booting when an environment variable is bad, naming it', async () => {
    api = spawnApiProcess({ DB_POOL_MAX: 'abc' });
    const { code } = await api.exited;
    expect(code).toBe(1);
    const lines = api.output().trim().split('\n');
    expect(lines).toEqual([
      'Invalid environment variable DB_POOL_MAX="abc": must be an integer from 1 to 1000',
    ]);
  });

  it('lets a request in flight at SIGTERM finish with 200, then exits 0', async () => {
    const port = await freePort();
    api = spawnApiProcess({ PORT: String(port), SHUTDOWN_TIMEOUT_MS: '20000' });
    await waitUntilListening(api);
    const inFlight = get(port, '/api/probe/slow?ms=1500');
    await new Promise((resolve) => setTimeout(resolve, 300));
    api.child.kill('SIGTERM');
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ waitedMs: 1500 });
    const { code, signal } = await api.exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(api.output()).toContain('SIGTERM received: draining in-flight requests');
    // Once it has exited, nothing listens any more.
    await expect(get(port, '/health/live')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('serves a request that arrives on an open connection after the listener has closed (no load-shedding 503)', async () => {
    const port = await freePort();
    api = spawnApiProcess({ PORT: String(port), SHUTDOWN_TIMEOUT_MS: '20000' });
    await waitUntilListening(api);
    // One keep-alive connection, busy with a slow request while the process shuts down.
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const received = readUntilClosed(socket);
    socket.write('GET /api/probe/slow?ms=3000 HTTP/1.1\r\nHost: localhost\r\n\r\n');
    await new Promise((resolve) => setTimeout(resolve, 300));
    api.child.kill('SIGTERM');
    await untilListenerCloses(port);
    // The server is closing: its next request on this connection is still served, then the
    // connection is closed, so a keep-alive client reconnects (to another instance).
    socket.write('GET /api/tags HTTP/1.1\r\nHost: localhost\r\n\r\n');
    // Responses follow one another on the connection: a status line may follow a body directly.
    const statusLines = (await received).match(/HTTP\/1\.1 \d{3} [A-Za-z ]+\r\n/g);
    expect(statusLines).toEqual(['HTTP/1.1 200 OK\r\n', 'HTTP/1.1 200 OK\r\n']);
    expect(await received).toMatch(/"tags":\[/);
    expect(await received).toMatch(/^connection: close\r$/im);
    expect((await api.exited).code).toBe(0);
  });

  it('logs an unhandled rejection, drains and exits 1 instead of dying silently', async () => {
    const port = await freePort();
    api = spawnApiProcess({ PORT: String(port) });
    await waitUntilListening(api);
    expect((await get(port, '/api/probe/unhandled-rejection')).status).toBe(200);
    const { code } = await api.exited;
    expect(code).toBe(1);
    expect(api.output()).toContain(
      'Unhandled promise rejection: Error: probe: nobody handles this',
    );
    expect(api.output()).toContain('Unhandled promise rejection: draining in-flight requests');
  });

  it('writes JSON logs in which every line of a request carries its id, and no secrets', async () => {
    const port = await freePort();
    api = spawnApiProcess({ PORT: String(port) });
    await waitUntilListening(api);
    expect((await get(port, '/api/probe/fail', { 'x-request-id': 'trace-fail-1' })).status).toBe(
      500,
    );
    const login = await post(
      port,
      '/api/users/login',
      { user: { email: 'who@example.com', password: 'hunter2hunter2' } },
      {
        authorization: 'Token secret.token.value',
      },
    );
    expect(login.status).toBe(401);
    // And a real session: registration (a password), then an authenticated request (a token, a cookie).
    const name = `logcheck${Date.now()}`;
    const registered = await post(port, '/api/users', {
      user: { username: name, email: `${name}@example.com`, password: 'correct-horse-battery' },
    });
    const { token } = (JSON.parse(registered.body) as { user: { token: string } }).user;
    const current = await get(port, '/api/user', {
      authorization: `Token ${token}`,
      cookie: 'session=cookie-secret',
    });
    expect(current.status).toBe(200);
    api.child.kill('SIGTERM');
    await api.exited;
    const lines = api
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);
    const ofRequest = lines.filter((line) => line.req?.id === 'trace-fail-1');
    // Our error log (level 50), then the request's own line.
    expect(ofRequest).toHaveLength(2);
    expect(ofRequest[0]).toMatchObject({ level: 50 });
    expect(ofRequest[0].msg).toContain('probe: SELECT password_hash FROM users went wrong');
    expect(ofRequest[1].msg).toMatch(/^request (completed|errored)$/);
    // The request line names the route template, never only the raw URL.
    expect(ofRequest[1]).toMatchObject({ route: '/api/probe/fail' });
    for (const secret of [
      'hunter2hunter2',
      'secret.token.value',
      'correct-horse-battery',
      token,
      'cookie-secret',
    ]) {
      expect(api.output()).not.toContain(secret);
    }
    // The authenticated request's line says who it was.
    expect(
      lines.some(
        (line) =>
          line.msg === 'request completed' &&
          line.route === '/api/user' &&
          line.userId !== undefined,
      ),
    ).toBe(true);
  });

  it("a service's log line inside a request carries that request's id, and the user's once the guard knows it", async () => {
    const port = await freePort();
    api = spawnApiProcess({ PORT: String(port) });
    await waitUntilListening(api);
    const name = `svclog${Date.now()}`;
    const registered = await post(port, '/api/users', {
      user: { username: name, email: `${name}@example.com`, password: 'correct-horse-battery' },
    });
    expect(registered.status).toBe(201);
    const { token } = (JSON.parse(registered.body) as { user: { token: string } }).user;
    const signedIn = await get(port, '/api/probe/signed-in/log', {
      authorization: `Token ${token}`,
    });
    expect(signedIn.status).toBe(200);
    api.child.kill('SIGTERM');
    await api.exited;
    const lines = jsonLines(api.output());
    const linesOf = (response: { headers: IncomingHttpHeaders }) => {
      const requestId = response.headers['x-request-id'];
      expect(typeof requestId).toBe('string');
      return lines.filter((line) => line.req?.id === requestId);
    };
    // UsersService's line (through @InjectPinoLogger), then the request's own line.
    expect(linesOf(registered)).toEqual([
      expect.objectContaining({ context: 'UsersService', msg: 'user registered' }),
      expect.objectContaining({ msg: 'request completed', route: '/api/users' }),
    ]);
    // After the authentication guard (PinoLogger.assign), a line says whose request it is.
    const ofSignedIn = linesOf(signedIn);
    expect(ofSignedIn).toEqual([
      expect.objectContaining({ context: 'Probe', userId: expect.any(Number) }),
      expect.objectContaining({ msg: 'request completed', userId: expect.any(Number) }),
    ]);
    expect(ofSignedIn[0].userId).toBe(ofSignedIn[1].userId);
    expect(api.output()).not.toContain('correct-horse-battery');
  });

  it('drains on SIGTERM: ready turns 503 at once, live stays 200, requests are served until the listener closes', async () => {
    const port = await freePort();
    api = spawnApiProcess({
      PORT: String(port),
      SHUTDOWN_DRAIN_MS: '1500',
      SHUTDOWN_TIMEOUT_MS: '20000',
    });
    await waitUntilListening(api);
    expect((await get(port, '/health/ready')).status).toBe(200);

    // A client sending a steady stream of requests, each on a new connection.
    const statuses: number[] = [];
    const notOk: string[] = [];
    let refused = false;
    const stream = (async () => {
      while (!refused) {
        try {
          const response = await get(port, '/api/tags');
          statuses.push(response.status);
          if (response.status !== 200) notOk.push(`${response.status} ${response.body}`);
        } catch (error) {
          // Refused, or reset while queued for a listener that was closing: the listener is gone.
          if (!['ECONNREFUSED', 'ECONNRESET'].includes(errorCode(error))) throw error;
          refused = true;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 200));
    api.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await get(port, '/health/ready')).status).toBe(503);
    expect((await get(port, '/health/live')).status).toBe(200);
    await stream;
    expect(statuses.length).toBeGreaterThan(20);
    expect(notOk).toEqual([]);
    expect((await api.exited).code).toBe(0);
  });
});
