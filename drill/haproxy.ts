import { execFileSync } from 'node:child_process';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onCleanup, spawnTracked, stopChild } from '../bench/processes';
import { freePort } from '../bench/provision/free-port';
import { waitForPort } from './tcp-wait';

export interface LoadBalancer {
  baseUrl: string;
}

/**
 * HAProxy's own answer when no API instance is ready: the API's error format, with Retry-After,
 * so that a client cannot tell it from an instance's own 503.
 */
const NO_INSTANCE_READY = [
  'HTTP/1.1 503 Service Unavailable',
  'Content-Type: application/json; charset=utf-8',
  'Cache-Control: no-store',
  'Retry-After: 5',
  'Connection: close',
  '',
  '{"errors":{"server":["temporarily unavailable; retry after 5 seconds"]}}',
].join('\r\n');

/**
 * HAProxy in front of the API instances, as an ingress would be: round robin, instances taken
 * out on a failed /health/ready (checked every 500 ms, out after 2 failures, back after 2
 * successes), a request whose connection failed retried on the other instance, and the client's
 * address appended to X-Forwarded-For (one trusted hop: TRUST_PROXY=1).
 * Each answer says which instance served it (X-Drill-Backend), for the drill's figures.
 */
export async function startHaproxy(
  executable: string,
  apiPorts: readonly number[],
  logDir: string,
): Promise<LoadBalancer> {
  const port = await freePort();
  const errorFile = join(logDir, 'haproxy-503.http');
  writeFileSync(errorFile, NO_INSTANCE_READY);
  const servers = apiPorts
    .map((apiPort, index) => `  server api${index + 1} 127.0.0.1:${apiPort} check`)
    .join('\n');
  const config = `global
  maxconn 4000

defaults
  mode http
  timeout connect 2s
  timeout client 30s
  timeout server 30s
  timeout http-keep-alive 10s
  retries 3
  option redispatch 1
  retry-on conn-failure empty-response
  errorfile 503 ${errorFile}

frontend api
  bind 127.0.0.1:${port}
  option forwardfor
  default_backend apis

backend apis
  balance roundrobin
  option httpchk GET /health/ready
  http-check expect status 200
  default-server inter 500ms fall 2 rise 2
  http-response set-header X-Drill-Backend %s
${servers}
`;
  const configFile = join(logDir, 'haproxy.cfg');
  writeFileSync(configFile, config);
  execFileSync(executable, ['-c', '-q', '-f', configFile], { stdio: 'inherit' });
  const log = openSync(join(logDir, 'haproxy.log'), 'w');
  const child = spawnTracked(executable, ['-db', '-f', configFile], {
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  onCleanup('haproxy', () => stopChild(child, 5_000));
  await waitForPort(port, 10_000, 'haproxy');
  return { baseUrl: `http://127.0.0.1:${port}` };
}
