import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Where Debian's chromium, or a Chrome a developer already has, is found. */
const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

function found(): string | undefined {
  const chosen = process.env.CHROMIUM_PATH;
  if (chosen !== undefined && chosen !== '') {
    if (!existsSync(chosen)) throw new Error(`CHROMIUM_PATH="${chosen}" does not exist`);
    return chosen;
  }
  return CANDIDATES.find((candidate) => existsSync(candidate));
}

/**
 * A Chromium to drive with playwright-core. Installs Debian's `chromium` package when none is
 * found and the tests run as root (CI, the development machines); otherwise says what to do.
 */
export function ensureChromium(): string {
  const existing = found();
  if (existing !== undefined) return existing;
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    throw new Error(
      'No Chromium found: install one (Debian: apt-get install chromium) or set CHROMIUM_PATH to a Chrome or Chromium executable',
    );
  }
  const install = ['install', '-y', '-qq', '--no-install-recommends', 'chromium'];
  try {
    execFileSync('apt-get', install, { stdio: 'ignore' });
  } catch {
    // Stale package lists are the usual reason: refresh them once and try again.
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore' });
    execFileSync('apt-get', install, { stdio: 'ignore' });
  }
  const installed = found();
  if (installed === undefined) throw new Error('chromium is still missing after apt-get install');
  return installed;
}
