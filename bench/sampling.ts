import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Server cost from /proc, read by the harness (outside the server, so measuring costs it nothing):
 * CPU time is utime + stime of the whole process (every thread: libuv's pool hashing argon2
 * included), in clock ticks; memory is VmRSS.
 */

function clockTicksPerSecond(): number {
  try {
    const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(ticks) && ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
}

const TICKS_PER_SECOND = clockTicksPerSecond();

/** CPU seconds (user + system) the process has used so far. */
export function readCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the line, 11 and 12 after the name and state.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) / TICKS_PER_SECOND;
}

function readStatusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB$`, 'm').exec(status);
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/** Resident set size in KiB (0 once the process is gone). */
export function readRssKb(pid: number): number {
  return readStatusKb(pid, 'VmRSS');
}

/**
 * The largest resident set size the process has had, in KiB, as the kernel counts it (VmHWM):
 * warm-ups and the moments between samples included.
 */
export function readPeakRssKb(pid: number): number {
  return readStatusKb(pid, 'VmHWM');
}

export interface CostSample {
  cpuSeconds: number;
  maxRssKb: number;
}

const RSS_SAMPLE_MS = 200;

/**
 * Starts measuring a process: call the returned function when the load is over to get the CPU
 * it used meanwhile and the largest RSS seen (sampled every 200 ms, and at both ends).
 */
export function measureProcess(pid: number): () => CostSample {
  const cpuBefore = readCpuSeconds(pid);
  let maxRssKb = readRssKb(pid);
  const timer = setInterval(() => {
    maxRssKb = Math.max(maxRssKb, readRssKb(pid));
  }, RSS_SAMPLE_MS);
  return () => {
    clearInterval(timer);
    maxRssKb = Math.max(maxRssKb, readRssKb(pid));
    return { cpuSeconds: readCpuSeconds(pid) - cpuBefore, maxRssKb };
  };
}

/**
 * CPU a process spends doing nothing asked of it (timers, metrics collection, pool upkeep), in
 * milliseconds per second: it is part of every scenario's CPU per request, and weighs most in
 * the slow ones, where few requests share it.
 */
export async function idleCpuMillisPerSecond(pid: number, seconds: number): Promise<number> {
  const before = readCpuSeconds(pid);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  return ((readCpuSeconds(pid) - before) * 1000) / seconds;
}

const QUIET_WINDOW_MS = 250;
/** A window with less CPU than this share of a core counts as quiet. */
const QUIET_SHARE = 0.05;
const QUIET_TIMEOUT_MS = 10_000;

/**
 * Waits until the process uses almost no CPU over a short window (it has answered what was in
 * flight), or QUIET_TIMEOUT_MS at most.
 */
export async function waitUntilQuiet(pid: number): Promise<void> {
  const deadline = performance.now() + QUIET_TIMEOUT_MS;
  while (performance.now() < deadline) {
    const before = readCpuSeconds(pid);
    await new Promise((resolve) => setTimeout(resolve, QUIET_WINDOW_MS));
    if (readCpuSeconds(pid) - before < (QUIET_SHARE * QUIET_WINDOW_MS) / 1000) return;
  }
}
