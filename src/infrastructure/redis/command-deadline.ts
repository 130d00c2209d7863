/** Raised when Redis has not answered a command within its deadline. */
export class RedisTimeout extends Error {
  constructor(timeoutMs: number) {
    super(`Redis did not answer within ${timeoutMs} ms`);
    this.name = 'RedisTimeout';
  }
}

interface Pending {
  deadline: number;
  reject: (error: Error) => void;
}

/**
 * Deadlines for Redis commands that tell a slow Redis from a busy process. A plain timer would
 * fire when this process has been too busy to send the command or read an answer that came long
 * ago (timers run before the event loop polls sockets), and the cache and the rate limiter would
 * then give up on a healthy Redis exactly when the API is under load. So only the time the event
 * loop was free counts: a sweep that fires late (the loop was blocked) pushes every deadline back
 * by its lateness; and a command past its deadline is refused only after the next poll of the
 * sockets (setImmediate), so an answer that had arrived is read first. One sweeping timer
 * serves every command: no timer per command.
 */
export class CommandDeadlines {
  private readonly pending = new Set<Pending>();
  private sweeper: NodeJS.Timeout | undefined;
  private lastSweepAt = 0;

  constructor(
    readonly timeoutMs: number,
    private readonly sweepEveryMs = Math.max(5, Math.floor(timeoutMs / 4)),
  ) {}

  /** `command`'s outcome, or RedisTimeout once Redis has had `timeoutMs` to answer. */
  guard<T>(command: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const entry: Pending = { deadline: performance.now() + this.timeoutMs, reject };
      this.pending.add(entry);
      this.startSweeping();
      command.then(
        (value) => {
          this.pending.delete(entry);
          resolve(value);
        },
        (error: unknown) => {
          this.pending.delete(entry);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  private startSweeping(): void {
    if (this.sweeper !== undefined) return;
    this.lastSweepAt = performance.now();
    this.sweeper = setInterval(() => this.sweep(), this.sweepEveryMs);
    this.sweeper.unref();
  }

  private sweep(): void {
    if (this.pending.size === 0) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
      return;
    }
    const now = performance.now();
    // How long the event loop could not run this sweep: no command could be sent or answered.
    const blockedMs = Math.max(0, now - this.lastSweepAt - this.sweepEveryMs);
    this.lastSweepAt = now;
    const late: Pending[] = [];
    for (const entry of this.pending) {
      entry.deadline += blockedMs;
      if (entry.deadline <= now) late.push(entry);
    }
    if (late.length === 0) return;
    // After the poll phase that follows: an answer already in the socket settles first.
    setImmediate(() => {
      for (const entry of late) {
        if (!this.pending.delete(entry)) continue;
        entry.reject(new RedisTimeout(this.timeoutMs));
      }
    });
  }
}
