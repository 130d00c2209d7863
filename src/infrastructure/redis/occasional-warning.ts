import type { Logger } from '@nestjs/common';

/** Logs a warning at most once per interval, so an outage is reported, not flooded. */
export class OccasionalWarning {
  private lastLoggedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs = 30_000,
  ) {}

  warn(message: string): void {
    const now = Date.now();
    if (now - this.lastLoggedAt < this.intervalMs) return;
    this.lastLoggedAt = now;
    this.logger.warn(message);
  }
}
