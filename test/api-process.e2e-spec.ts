import { request as httpRequest } from 'node:http';
import { freePort } from './support/free-port';
import { spawnApiProcess, waitUntilListening, type ApiProcess } from './support/api-process';

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
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

  it('refuses new connections while draining', async () => {
    const port = await freePort();
    api = spawnApiProcess({ PORT: String(port), SHUTDOWN_TIMEOUT_MS: '20000' });
    await waitUntilListening(api);
    const inFlight = get(port, '/api/probe/slow?ms=2000');
    await new Promise((resolve) => setTimeout(resolve, 300));
    api.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expect(get(port, '/health/live')).rejects.toThrow(
      /ECONNREFUSED|ECONNRESET|socket hang up/,
    );
    expect((await inFlight).status).toBe(200);
    expect((await api.exited).code).toBe(0);
  });
});
