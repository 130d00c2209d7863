/**
 * Calls `refresh` at once, then `intervalMs` after each call ended, so two never overlap however
 * slow one is. The timer is unref'd: it never keeps a process alive. `stop` cancels the next call
 * and waits for the one in flight, so nothing runs on connections about to close.
 */
export class RefreshTimer {
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(
    private readonly intervalMs: number,
    private readonly refresh: () => Promise<void>,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.tick();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.inFlight;
  }

  private tick(): void {
    this.inFlight = this.refresh()
      .catch(() => undefined)
      .then(() => {
        if (!this.running) return;
        this.timer = setTimeout(() => this.tick(), this.intervalMs);
        this.timer.unref();
      });
  }
}
