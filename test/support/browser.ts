// The one place the tests find a browser: Debian's chromium (the only browser source on these
// machines), or the one CERTBELL_TEST_BROWSER names. The global set-up installs it when it is missing
// and the run may (root with apt-get); a browser test without one fails naming what to do.
import { accessSync, constants } from 'node:fs';

/** Where a browser is looked for, in order. */
export const BROWSER_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'] as const;

/**
 * Flags for a headless run on a machine that reaches nothing beyond itself: without the
 * background-networking ones chromium keeps trying to reach its vendor's hosts.
 */
export const HEADLESS_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The browser's path, or null when there is none. */
export function findBrowser(env: Readonly<Record<string, string | undefined>> = process.env): string | null {
  const named = env.CERTBELL_TEST_BROWSER;
  if (named) return executable(named) ? named : null;
  return BROWSER_CANDIDATES.find(executable) ?? null;
}

/** The browser's path; throws saying how to get one. */
export function browserPath(): string {
  const path = findBrowser();
  if (path) return path;
  throw new Error(
    `No browser for the browser tests: looked for ${process.env.CERTBELL_TEST_BROWSER ?? BROWSER_CANDIDATES.join(', ')}. ` +
      'Install Debian\'s chromium (apt-get install chromium fonts-noto-cjk; npm test does it itself when run as root) ' +
      'or set CERTBELL_TEST_BROWSER to a Chromium executable.',
  );
}
