/** What global setup hands to global teardown (they share one process and its globalThis). */
export interface E2eRun {
  adminUrl: string;
  database: string;
  stopServer: () => Promise<void>;
  stopRedis: () => Promise<void>;
}

declare global {
  var conduitE2eRun: E2eRun | undefined;
}
