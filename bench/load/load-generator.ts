import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { onCleanup, spawnTracked, stopChild } from '../processes';
import { PROJECT_ROOT } from '../provision/paths';
import { isWorkerMessage, type LoadJob, type LoadResult, type WorkerMessage } from './protocol';

/** The load generator's core: the servers have the other one. */
export const LOAD_CORE = '1';

/** Beyond the job's own duration (and autocannon's 30 s watchdog), the worker is presumed stuck. */
const ANSWER_GRACE_MS = 90_000;

/**
 * The harness's side of the load worker (worker.ts): one long-lived process pinned to core 1,
 * started once, given one job at a time.
 */
export class LoadGenerator {
  private nextId = 1;
  private readonly waiting = new Map<number, (message: WorkerMessage) => void>();

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: unknown) => {
      if (!isWorkerMessage(message) || message.type === 'ready') return;
      this.waiting.get(message.id)?.(message);
    });
  }

  static async start(): Promise<LoadGenerator> {
    const child = spawnTracked(
      'taskset',
      [
        '-c',
        LOAD_CORE,
        process.execPath,
        '-r',
        'ts-node/register/transpile-only',
        join('bench', 'load', 'worker.ts'),
      ],
      { cwd: PROJECT_ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
    );
    onCleanup('load generator', () => stopChild(child, 5_000));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the load generator did not start')), 30_000);
      child.once('exit', (code) => reject(new Error(`the load generator exited (${code})`)));
      child.on('message', (message: unknown) => {
        if (isWorkerMessage(message) && message.type === 'ready') {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    return new LoadGenerator(child);
  }

  run(job: LoadJob): Promise<LoadResult> {
    const id = this.nextId++;
    return new Promise<LoadResult>((resolve, reject) => {
      const timer = setTimeout(
        () => {
          this.waiting.delete(id);
          reject(new Error(`the load generator gave no answer in ${job.durationSeconds} s + 90 s`));
        },
        job.durationSeconds * 1000 + ANSWER_GRACE_MS,
      );
      this.waiting.set(id, (message) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        if (message.type === 'result') resolve(message.result);
        else if (message.type === 'failed') reject(new Error(`load failed: ${message.message}`));
      });
      this.child.send({ type: 'run', id, job });
    });
  }
}
