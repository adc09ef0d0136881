// The staff console in a real browser: Debian's chromium driven by playwright-core (never a
// downloaded browser), with the checks the browser test makes on every page: axe-core's
// accessibility rules, no sideways scrolling on a phone, and full-page pictures kept as artefacts.
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { browserPath, HEADLESS_FLAGS } from './browser.js';

export const ARTIFACTS = resolve('artifacts/console');

/** Widths the console is checked at: a phone and a desktop. */
export const PHONE = 375;
export const DESKTOP = 1280;

export async function launchBrowser(): Promise<Browser> {
  // browserPath() throws saying how to install one; without a browser the test fails, never skips.
  return chromium.launch({ executablePath: browserPath(), args: [...HEADLESS_FLAGS, '--hide-scrollbars'], timeout: 60_000 });
}

export async function newConsoleContext(browser: Browser, locale: string, width = DESKTOP, options: { readonly bypassCSP?: boolean } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale, bypassCSP: options.bypassCSP ?? false });
  context.setDefaultTimeout(15_000);
  return context;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeNode {
  readonly target: readonly string[];
  readonly failureSummary?: string;
}
interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly AxeNode[];
}

// What runs in the page is written as script text: this project's TypeScript has no DOM types.
const RUN_AXE = `axe.run(document, { resultTypes: ['violations'] }).then((r) => ({
  passes: r.passes.length,
  violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target.map(String), failureSummary: n.failureSummary })) })),
}))`;

/**
 * The serious and critical axe-core violations on the page now, one readable block each (empty when
 * there are none). The page must come from a context made with bypassCSP: the console's CSP allows no
 * script at all, so axe could not be injected otherwise; the checks are on the page's markup and
 * styles, which the CSP does not change.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate<boolean>("typeof window.axe === 'object'"))) await page.addScriptTag({ content: axeSource });
  const { violations, passes } = await page.evaluate<{ violations: AxeViolation[]; passes: number }>(RUN_AXE);
  // A run that checked nothing would pass anything.
  if (passes === 0) throw new Error(`axe-core checked nothing on ${page.url()}`);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id} (${v.help}) on ${page.url()}:\n${v.nodes.map((n) => `    ${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`).join('\n')}`);
}

export interface Overflow {
  readonly scrollWidth: number;
  /** Elements reaching past the right edge, outside the time line's own scroll strip. */
  readonly wide: readonly string[];
}

const MEASURE_OVERFLOW = `(() => {
  const width = window.innerWidth;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const wide = [...document.body.querySelectorAll('*')]
    .filter((el) => !el.closest('.timeline-scroll') && el.getBoundingClientRect().right > width + 0.5)
    .slice(0, 10)
    .map((el) => name(el) + ' right=' + Math.round(el.getBoundingClientRect().right));
  return { scrollWidth: document.documentElement.scrollWidth, wide };
})()`;

/** How wide the document is, and what sticks out past the viewport (for a readable failure). */
export async function overflowOf(page: Page): Promise<Overflow> {
  return page.evaluate<Overflow>(MEASURE_OVERFLOW);
}

/** The page's full height in CSS pixels. */
export async function pageHeight(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollHeight');
}

/** A full-page PNG under artifacts/console/, named for what it shows. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
