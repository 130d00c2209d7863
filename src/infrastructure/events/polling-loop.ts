/** Work done in rounds: a relay. */
export interface Polled {
  /** One round of work; true when there may be more waiting right away. */
  round(): Promise<boolean>;
  reportFailure(error: unknown): void;
}

/**
 * Runs `work.round` again and again: at once while it reports more work, else after `intervalMs`;
 * after a failure, reports it and waits `intervalMs` (at least 500 ms) before trying again.
 * `stop` lets the current round finish, so no work is cut in half.
 */
export class PollingLoop {
  private running = false;
  private done: Promise<void> = Promise.resolve();
  private wake: (() => void) | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly work: Polled,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.done = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.done;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let delayMs = this.intervalMs;
      try {
        if (await this.work.round()) delayMs = 0;
      } catch (error) {
        this.work.reportFailure(error);
        delayMs = Math.max(this.intervalMs, 500);
      }
      if (delayMs > 0 && this.running) await this.sleep(delayMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
