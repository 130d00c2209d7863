import { RefreshTimer } from './refresh-timer';

describe('RefreshTimer', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('refreshes at once, then an interval after each refresh, a failed one included', async () => {
    let calls = 0;
    const timer = new RefreshTimer(1_000, async () => {
      calls += 1;
      if (calls === 2) throw new Error('database down');
    });
    timer.start();
    await jest.advanceTimersByTimeAsync(0);
    expect(calls).toBe(1);
    await jest.advanceTimersByTimeAsync(999);
    expect(calls).toBe(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(calls).toBe(2);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(calls).toBe(3);
    await timer.stop();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(calls).toBe(3);
  });

  it('never overlaps a slow refresh, and stop waits for the one in flight', async () => {
    let calls = 0;
    let finish: (() => void) | undefined;
    const timer = new RefreshTimer(10, () => {
      calls += 1;
      return new Promise<void>((resolve) => (finish = resolve));
    });
    timer.start();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(calls).toBe(1);

    let stopped = false;
    const stopping = timer.stop().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(1_000);
    expect(stopped).toBe(false);
    finish?.();
    await stopping;
    await jest.advanceTimersByTimeAsync(1_000);
    expect(calls).toBe(1);
  });
});
