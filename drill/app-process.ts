import type { ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { onCleanup, spawnTracked, stopChild } from '../bench/processes';
import { PROJECT_ROOT } from '../bench/provision/paths';
import { waitForStatus } from './http-client';

const READY_TIMEOUT_MS = 60_000;

export interface AppProcessSpec {
  /** api1, worker2… */
  name: string;
  /** dist/main.js or dist/worker.js */
  script: string;
  env: NodeJS.ProcessEnv;
  /** Where /health/* answers: the API's port, or the worker's WORKER_HEALTH_PORT. */
  healthPort: number;
  logDir: string;
}

/**
 * One API or worker process that the drill stops, kills and starts again. An exit the drill did
 * not cause is recorded: "no process exits" is one of the things a scenario checks.
 */
export class AppProcess {
  private child: ChildProcess | undefined;
  private expectingExit = false;
  readonly unexpectedExits: string[] = [];
  readonly healthUrl: string;

  constructor(readonly spec: AppProcessSpec) {
    this.healthUrl = `http://127.0.0.1:${spec.healthPort}/health`;
    onCleanup(spec.name, () => this.stop());
  }

  get name(): string {
    return this.spec.name;
  }

  get running(): boolean {
    return (
      this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null
    );
  }

  /** Starts the process and waits until /health/ready answers 200 (or only /health/live). */
  async start(waitFor: 'ready' | 'live' = 'ready'): Promise<void> {
    const log = openSync(join(this.spec.logDir, `${this.spec.name}.log`), 'a');
    const child = spawnTracked(process.execPath, [this.spec.script], {
      cwd: PROJECT_ROOT,
      env: this.spec.env,
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    this.child = child;
    this.expectingExit = false;
    child.once('exit', (code, signal) => {
      if (!this.expectingExit) this.unexpectedExits.push(`${this.name} exited (${code ?? signal})`);
    });
    if (!(await waitForStatus(`${this.healthUrl}/${waitFor}`, 200, READY_TIMEOUT_MS))) {
      throw new Error(
        `${this.name} was not ${waitFor} within ${READY_TIMEOUT_MS} ms (see its log)`,
      );
    }
  }

  /** SIGTERM, and the exit code once it has drained and exited. */
  async terminate(): Promise<number | null> {
    return this.signal('SIGTERM');
  }

  /** SIGKILL: no drain, no cleanup, as an OOM kill or a lost node would end it. */
  async kill(): Promise<number | null> {
    return this.signal('SIGKILL');
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child === undefined) return;
    this.expectingExit = true;
    await stopChild(child, 20_000);
  }

  private async signal(signal: NodeJS.Signals): Promise<number | null> {
    const child = this.child;
    if (child === undefined || !this.running) return null;
    this.expectingExit = true;
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    child.kill(signal);
    return exited;
  }
}
