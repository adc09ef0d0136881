// The staff console driven in Debian's chromium (playwright-core, no downloaded browser) on SQLite,
// once for a member who reads English and once for one who reads Chinese: signing in by the mailed
// link, searching and filtering the case list, recording an event that meets an overdue obligation
// and resolves its escalation, the calendar and an import's dry run. Every page passes axe-core with
// no serious or critical violation, none scrolls sideways on a 375 px phone (the time line scrolls
// inside its own strip), and full-page pictures at 375 and 1,280 px are kept in artifacts/console/.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { localTime } from '../../../src/adapters/i18n/invite-messages.js';
import { translator, type Locale } from '../../../src/adapters/i18n/translator.js';
import { dispatchOutbox } from '../../../src/app/dispatch-outbox.js';
import { sweepEscalations } from '../../../src/app/sweep-escalations.js';
import { SECURITY_HEADERS } from '../../../src/adapters/web/security.js';
import { parseConfig } from '../../../src/config/index.js';
import { FAKE_SLACK_TOKEN, startFakeSlack, type FakeSlack } from '../../fakes/fake-slack.js';
import { DESKTOP, launchBrowser, newConsoleContext, overflowOf, pageHeight, PHONE, screenshot, seriousViolations } from '../../support/console-browser.js';
import { createWebWorld, linkMailedTo, type WebWorld } from '../../support/web-world.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 90_000 });

const TODAY = '2026-11-23';
/** Overdue on TODAY: its surveillance audit (due 2025-09-10) is escalated as the revocation review. */
const OVERDUE = 'WA-2024-0007';
const AUDITED_ON = '2026-11-20';
const CSV = resolve('test/fixtures/register.csv');

interface FixtureCase {
  readonly ref: string;
  readonly scheme: string;
}
const fixture = (JSON.parse(readFileSync('test/fixtures/cases.json', 'utf8')) as { cases: FixtureCase[] }).cases;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

// The page checks below pass on the console; here they are shown to fail where they should.
it('the checks catch what they look for: a low-contrast text and an unnamed field, and a page wider than a phone', async () => {
  const context = await newConsoleContext(browser, 'en', PHONE, { bypassCSP: true });
  try {
    const page = await context.newPage();
    await page.setContent('<!doctype html><html lang="en"><title>t</title><main><p style="color:#c8c8c8">faint</p><input name="q"><div style="width:600px">wide</div></main></html>');
    const found = (await seriousViolations(page)).join('\n');
    expect(found).toContain('color-contrast');
    expect(found).toContain('label');
    const overflow = await overflowOf(page);
    expect(overflow.scrollWidth).toBeGreaterThan(PHONE);
    expect(overflow.wide.join()).toContain('div right=');
  } finally {
    await context.close();
  }
});

/** The refs the case list shows, in order. */
const listedRefs = (page: Page) => page.locator('table.rows-as-cards tbody tr td:first-child a').allTextContents();
const heading = async (page: Page) => ((await page.locator('h1').first().textContent()) ?? '').trim();

describe.each([
  ['en', 'wang.fang@certbody.example.cn'],
  ['zh-CN', 'li.na@certbody.example.cn'],
] as const)('the console in chromium for a member reading %s (SQLite)', (locale: Locale, email) => {
  const tr = translator(locale);
  let world: WebWorld;
  let slack: FakeSlack;
  let context: BrowserContext;
  let page: Page;
  /** What the browser complained of while the member worked (a CSP refusal would be one). */
  const complaints: string[] = [];
  const url = (path: string) => `${world.origin}${path}`;

  beforeAll(async () => {
    slack = await startFakeSlack();
    world = await createWebWorld('sqlite', `${TODAY}T01:00:00Z`, {
      SLACK_BOT_TOKEN: FAKE_SLACK_TOKEN,
      SLACK_SIGNING_SECRET: 'signing-secret-for-tests',
      SLACK_STAFF_CHANNEL: 'C0STAFF',
      SLACK_API_URL: slack.apiUrl,
    });
    await world.addStaff(email, locale);
    await world.importFixture();
    // The sweep and the dispatcher on the console's day: the overdue case is escalated and posted to Slack.
    const clock = { now: world.now };
    expect((await sweepEscalations({ ...world.runtime.escalations!, clock })).raised.map((e) => e.caseRef)).toEqual([OVERDUE]);
    expect(await dispatchOutbox({ ...world.runtime.reminders, clock }, 'test')).toMatchObject({ sent: 1 });
    context = await newConsoleContext(browser, locale);
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') complaints.push(`${message.type()}: ${message.text()} (${page.url()})`);
    });
    page.on('pageerror', (error) => complaints.push(`pageerror: ${error.message}`));
  });
  afterAll(async () => {
    await context?.close();
    expect(world?.logs.filter((l) => l.level === 'error')).toEqual([]);
    await world?.close();
    await slack?.close();
  });

  it('signs in by typing the address, opening the mailed link and confirming, and lands on Today', async () => {
    const answer = await page.goto(url('/sign-in'));
    expect(answer?.headers()['content-security-policy']).toBe(SECURITY_HEADERS['Content-Security-Policy']);
    expect(await page.getAttribute('html', 'lang')).toBe(locale);
    // Under that policy the console's own stylesheet applies.
    expect(await page.evaluate<string>("getComputedStyle(document.querySelector('header.top')).backgroundColor")).toBe('rgb(21, 48, 79)');
    await page.getByLabel(tr.t('web.signIn.email')).fill(email);
    world.smtp.reset();
    await page.getByRole('button', { name: tr.t('web.signIn.send') }).click();
    // The link is valid for the quarter hour the console is configured with.
    await expect.poll(() => page.locator('p.notice[role=status]').textContent()).toBe(tr.t('web.signIn.sent', { minutes: 15 }));
    const link = await linkMailedTo(world.smtp, email);
    await page.goto(link);
    await page.getByRole('button', { name: tr.t('web.signIn.confirm') }).click();
    await page.waitForURL(url('/'));
    expect(await heading(page)).toBe(tr.t('web.today.title', { date: TODAY }));
    expect(await page.locator('header.top .me span').textContent()).toBe(email);
  });

  it('searches the case list by a piece of a ref, then filters it by scheme', async () => {
    await page.goto(url('/cases'));
    expect(await listedRefs(page)).toEqual(fixture.map((c) => c.ref).sort());
    const search = page.getByRole('search');
    await search.getByRole('searchbox').fill('WA-20');
    await search.getByRole('button', { name: tr.t('web.cases.apply') }).click();
    await page.waitForURL((u) => u.searchParams.get('q') === 'WA-20');
    expect(await listedRefs(page)).toEqual(fixture.filter((c) => c.ref.includes('WA-20')).map((c) => c.ref).sort());

    await search.getByRole('searchbox').fill('');
    await search.getByLabel(tr.t('web.cases.scheme')).selectOption('cnce-ns');
    await search.getByRole('button', { name: tr.t('web.cases.apply') }).click();
    await page.waitForURL((u) => u.searchParams.get('scheme') === 'cnce-ns');
    const cnce = fixture.filter((c) => c.scheme === 'cnce-ns').map((c) => c.ref).sort();
    expect(cnce.length).toBeGreaterThan(1);
    expect(await listedRefs(page)).toEqual(cnce);
  });

  it('records the audit on the overdue case: its obligation is met and its escalation shown resolved', async () => {
    await page.goto(url(`/cases?q=${OVERDUE}`));
    await page.getByRole('link', { name: OVERDUE, exact: true }).click();
    await page.waitForURL(url(`/cases/${OVERDUE}`));
    const kind = tr.t('kind.surveillance-audit');
    const obligations = page.locator('section[aria-labelledby="case-obligations"]');
    const bars = page.locator('.timeline svg rect.bar title');
    expect(await obligations.textContent()).toContain(kind);
    expect((await bars.allTextContents()).some((t) => t.includes(kind))).toBe(true);
    expect(await page.locator('tr.escalation').getAttribute('data-status')).toBe('open');

    const form = page.locator('form[action$="/events"]');
    await form.getByLabel(tr.t('web.case.record.event')).selectOption('surveillance-audit-completed');
    await form.getByLabel(tr.t('web.case.record.date')).fill(AUDITED_ON);
    await form.getByRole('button', { name: tr.t('web.case.record.submit') }).click();
    await page.waitForURL(url(`/cases/${OVERDUE}?done=event`));

    expect(await page.locator('p.notice[role=status]').textContent()).toBe(tr.t('web.case.done.event'));
    expect(await obligations.textContent()).not.toContain(kind);
    expect((await bars.allTextContents()).some((t) => t.includes(kind))).toBe(false);
    expect(await page.locator('section[aria-labelledby="case-history"] tbody tr').first().textContent()).toContain(tr.t('event.surveillance-audit-completed'));
    const escalation = page.locator('tr.escalation');
    expect(await escalation.getAttribute('data-status')).toBe('resolved');
    // Resolved the moment the event was recorded, on the console's clock, shown in the configured zone.
    expect(await escalation.locator('td').nth(2).textContent()).toBe(tr.t('web.case.escalation.resolved', { at: localTime(world.now(), parseConfig({}).zone) }));
    expect(await escalation.getByRole('button').count()).toBe(0);
    expect(slack.callsOf('chat.update').length).toBe(1);
  });

  it('shows the calendar, and a dry run of a CSV chosen in the file input', async () => {
    await page.getByRole('navigation').getByRole('link', { name: tr.t('web.nav.calendar') }).click();
    await page.waitForURL(url('/calendar'));
    expect(await heading(page)).toBe(tr.t('web.calendar.title', { month: TODAY.slice(0, 7) }));

    await page.getByRole('navigation').getByRole('link', { name: tr.t('web.nav.import') }).click();
    await page.waitForURL(url('/import'));
    const cases = await world.runtime.db.prisma.case.count();
    await page.getByLabel(tr.t('web.import.file')).setInputFiles(CSV);
    await page.getByRole('button', { name: tr.t('web.import.check') }).click();
    expect(await heading(page)).toBe(tr.t('web.import.previewTitle', { file: 'register.csv' }));
    expect(await page.locator('p.notice[role=status]').textContent()).toBe(tr.t('web.import.summary', { file: 'register.csv', created: 2, extended: 0, changed: 0, unchanged: 0 }));
    expect(await page.getByRole('button', { name: tr.t('web.import.apply') }).count()).toBe(1);
    // A dry run: nothing written.
    expect(await world.runtime.db.prisma.case.count()).toBe(cases);
    expect(complaints, complaints.join('\n')).toEqual([]);
  });

  /** The pages a member sees, opened in a fresh context carrying this member's session. */
  async function visit(width: number, options: { readonly bypassCSP?: boolean } = {}) {
    const ctx = await newConsoleContext(browser, locale, width, options);
    await ctx.addCookies(await context.cookies());
    const tab = await ctx.newPage();
    return { ctx, tab };
  }

  const PAGES = [
    ['today', '/'],
    ['cases', '/cases'],
    ['case', `/cases/${OVERDUE}`],
    ['case-contacts', '/cases/CN-2026-0002'],
    ['calendar', '/calendar'],
    ['escalations', '/escalations'],
    ['deliveries', '/deliveries'],
    ['import', '/import'],
    ['not-found', '/no-such-page'],
  ] as const;

  /** Opens a page as the member, checking it is the page asked for (not the sign-in form). */
  async function open(tab: Page, name: string, path: string): Promise<void> {
    const answer = await tab.goto(url(path));
    expect(answer?.status(), path).toBe(name === 'not-found' ? 404 : 200);
    expect(new URL(tab.url()).pathname).toBe(path);
  }

  /** A full-page picture of the page now, checked to be as wide as the viewport and as high as the page. */
  async function picture(tab: Page, name: string, width: number): Promise<void> {
    const image = await readFile(await screenshot(tab, `${name}-${locale}-${width}`));
    expect(image.readUInt32BE(16)).toBe(width);
    expect(image.readUInt32BE(20)).toBeGreaterThanOrEqual((await pageHeight(tab)) - 1);
  }

  const PICTURED = new Set(['today', 'cases', 'case', 'calendar']);

  it('at 375 px: nothing scrolls sideways (but the time line in its strip), and full-page pictures', async () => {
    const visitor = await newConsoleContext(browser, locale, PHONE);
    const { ctx, tab } = await visit(PHONE);
    try {
      const wide: string[] = [];
      const measure = async (on: Page, path: string) => {
        const overflow = await overflowOf(on);
        if (overflow.scrollWidth > PHONE || overflow.wide.length) wide.push(`${path}: scrollWidth ${overflow.scrollWidth}; ${overflow.wide.join(', ')}`);
      };
      const signIn = await visitor.newPage();
      await signIn.goto(url('/sign-in'));
      await measure(signIn, '/sign-in');
      for (const [name, path] of PAGES) {
        await open(tab, name, path);
        await measure(tab, path);
        if (PICTURED.has(name)) await picture(tab, name, PHONE);
      }
      expect(wide, `sideways scrolling at ${PHONE} px:\n${wide.join('\n')}`).toEqual([]);
    } finally {
      await visitor.close();
      await ctx.close();
    }
  });

  it('at 1,280 px: full-page pictures, and no serious or critical axe-core violation on any page', async () => {
    // bypassCSP only for this pass: the console's CSP (rightly) refuses the axe script playwright
    // injects. The pages carry no script of their own, so they look and behave the same without it.
    const visitor = await newConsoleContext(browser, locale, DESKTOP, { bypassCSP: true });
    const { ctx, tab } = await visit(DESKTOP, { bypassCSP: true });
    try {
      const found: string[] = [];
      const signIn = await visitor.newPage();
      await signIn.goto(url('/sign-in'));
      found.push(...(await seriousViolations(signIn)));
      for (const [name, path] of PAGES) {
        await open(tab, name, path);
        if (PICTURED.has(name)) await picture(tab, name, DESKTOP);
        found.push(...(await seriousViolations(tab)));
      }
      // The dry run's page, after an upload.
      await open(tab, 'import', '/import');
      await tab.locator('input[type=file]').setInputFiles(CSV);
      await tab.locator('form[action="/import"] button[type=submit]').click();
      await tab.waitForSelector('form[action="/import/apply"]');
      found.push(...(await seriousViolations(tab)));
      expect(found, `axe-core found:\n${found.join('\n')}`).toEqual([]);
    } finally {
      await visitor.close();
      await ctx.close();
    }
  });
});
