import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';

/**
 * Where the process is in its life, as the probes report it. Owned here rather than left to
 * terminus, which would turn liveness to 503 during shutdown too.
 */
@Injectable()
export class AppLifecycle implements OnApplicationBootstrap {
  private started = false;
  private shuttingDown = false;

  onApplicationBootstrap(): void {
    this.started = true;
  }

  get isStarted(): boolean {
    return this.started;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  beginShutdown(): void {
    this.shuttingDown = true;
  }
}
