// The HTML digests in a real browser engine (Debian's headless chromium, found by test/support/browser.ts),
// phone first: the applicant's and the staff digest, in both languages, at 375 px (a phone) and 1,000 px
// (a desktop). Each is laid out in a frame of exactly that width (headless chromium will not make a
// window narrower than 500 px, so a 375 px window would only crop a wider layout); a script in the page
// measures it, and a PNG of it is kept as a test artefact (artifacts/digest/). Checked by the test, not
// by eye: no horizontal overflow (the page's scroll width equals the viewport), body text of at least
// 16 px, the action in full-contrast ink, and each deadline stacked in one column.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderContactDigest, renderStaffDigest } from '../../../src/adapters/email/digest-email.js';
import { createUnsubscribeLinks } from '../../../src/adapters/email/unsubscribe-link.js';
import { translator, type Locale } from '../../../src/adapters/i18n/translator.js';
import { importCases } from '../../../src/app/import-cases.js';
import { contactDigestItems, staffDigestSections } from '../../../src/app/plan-digest.js';
import type { PlannedObligation } from '../../../src/domain/obligations.js';
import { calendar, fakeDeps } from '../../fakes/deps.js';
import { browserPath, HEADLESS_FLAGS } from '../../support/browser.js';
import { digestCases } from '../../support/digest-cases.js';

const run = promisify(execFile);
const ARTIFACTS = resolve('artifacts/digest');
const AS_OF = '2026-11-23';

async function chromium(args: readonly string[]): Promise<string> {
  // A fresh profile every time, and nothing that reaches beyond this machine.
  const profile = await mkdtemp(join(tmpdir(), 'certbell-chromium-'));
  try {
    const flags = [...HEADLESS_FLAGS, `--user-data-dir=${profile}`, '--hide-scrollbars', '--virtual-time-budget=3000'];
    const { stdout } = await run(browserPath(), [...flags, ...args], { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

const obligations: PlannedObligation[] = [];
beforeAll(async () => {
  const deps = fakeDeps('2026-11-23T01:00:00Z');
  expect((await importCases(deps, digestCases, 'test')).ok).toBe(true);
  for await (const page of deps.cases.obligations({ asOf: AS_OF })) obligations.push(...page);
  await mkdir(ARTIFACTS, { recursive: true });
});

function applicantHtml(locale: Locale): string {
  const refs = ['CN-2026-0001', 'CN-2025-0007', 'WA-2025-0003'];
  const contact = {
    contactId: '6f1c2d4e-0000-4000-8000-000000000001',
    name: locale === 'en' ? 'Zhang Wei' : '张伟',
    email: 'zhang.wei@example.cn',
    locale,
    organization: locale === 'en' ? 'Beijing Anxin Network Technology Co., Ltd.' : '北京安信网络科技有限公司',
    province: locale === 'en' ? 'Beijing' : '北京',
    caseRefs: refs,
    emailRejectedAt: null,
    emailRejectedReason: null,
    digestUnsubscribedAt: null,
  };
  const items = contactDigestItems(obligations.filter((o) => refs.includes(o.caseRef)), AS_OF, 60, calendar);
  const links = createUnsubscribeLinks('https://certbell.example.cn', 'sample-secret-for-the-picture-only-000');
  return renderContactDigest(translator(locale), { asOf: AS_OF, period: '2026-W48', horizonDays: 60, contact, items }, { at: new Date('2026-11-23T01:00:00Z'), zone: 'Asia/Shanghai', unsubscribeUrl: links.url(contact.contactId) }).html;
}

function staffHtml(locale: Locale): string {
  const { sections, weekEndsOn, windowEndsOn } = staffDigestSections(obligations, AS_OF, { windowDays: 30, itemsPerGroup: 25, calendar });
  const undelivered = [
    { caseRef: 'WA-2025-0003', kind: 'surveillance-audit' as const, occurrence: 'x', step: 'due-30d', channel: 'email', address: 'a-very-long-mailbox-name-for-a-narrow-screen@shanghai-shield-security.example.com', reason: 'rejected: RCPT TO: 550 5.1.1 no such user here', failedAt: new Date('2026-11-20T01:00:00Z') },
  ];
  return renderStaffDigest(translator(locale), { asOf: AS_OF, period: AS_OF, weekEndsOn, windowEndsOn, sections, undelivered }).html ?? '';
}

/** Runs in the page: what the test checks, posted to the frame's host. */
const MEASURE = `<script>
(function () {
  var root = document.documentElement;
  var parts = Array.prototype.slice.call(document.querySelectorAll('[data-part]'));
  var items = Array.prototype.slice.call(document.querySelectorAll('.item')).map(function (item) {
    return Array.prototype.slice.call(item.querySelectorAll('[data-part]')).map(function (p) { var r = p.getBoundingClientRect(); return [Math.round(r.left), Math.round(r.top), Math.round(r.right)]; });
  });
  parent.postMessage(JSON.stringify({
    viewport: window.innerWidth,
    scrollWidth: root.scrollWidth,
    bodyScrollWidth: document.body.scrollWidth,
    height: root.scrollHeight,
    minFont: Math.min.apply(null, parts.map(function (p) { return parseFloat(getComputedStyle(p).fontSize); })),
    todo: Array.prototype.slice.call(document.querySelectorAll('[data-part=todo]')).map(function (p) { return getComputedStyle(p).color; }),
    items: items
  }), '*');
})();
</script>`;

interface Measure {
  readonly viewport: number;
  readonly scrollWidth: number;
  readonly bodyScrollWidth: number;
  readonly height: number;
  readonly minFont: number;
  readonly todo: readonly string[];
  readonly items: readonly (readonly [number, number, number])[][];
}

/** WCAG contrast of an rgb() colour on white. */
function contrastOnWhite(rgb: string): number {
  const [r, g, b] = (rgb.match(/\d+/g) ?? []).slice(0, 3).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05);
}

async function lay(name: string, html: string, width: number): Promise<{ measure: Measure; png: string }> {
  const page = join(ARTIFACTS, `${name}-${width}.html`);
  const host = join(ARTIFACTS, `${name}-${width}-frame.html`);
  const png = join(ARTIFACTS, `${name}-${width}.png`);
  await writeFile(page, html.replace('</body>', `${MEASURE}\n</body>`));
  const frame = (height: number) =>
    `<!DOCTYPE html><html><body style="margin:0"><iframe src="${page}" width="${width}" height="${height}" style="border:0;display:block"></iframe><script>addEventListener('message', function (e) { document.body.setAttribute('data-measure', e.data); });</script></body></html>`;
  await writeFile(host, frame(1200));
  const dom = await chromium(['--window-size=1200,1200', '--dump-dom', `file://${host}`]);
  const attribute = /data-measure="([^"]*)"/.exec(dom)?.[1];
  expect(attribute, `${name} at ${width}px posted no measure`).toBeDefined();
  const measure = JSON.parse((attribute ?? '{}').replace(/&quot;/g, '"').replace(/&amp;/g, '&')) as Measure;
  // The picture: the frame as tall as the page, the window as wide as the frame (chromium crops to it).
  await writeFile(host, frame(measure.height));
  await rm(png, { force: true });
  await chromium([`--screenshot=${png}`, `--window-size=${width},${measure.height}`, `file://${host}`]);
  return { measure, png };
}

describe('the HTML digests in headless chromium, phone first', () => {
  const cases = (['en', 'zh-CN'] as const).flatMap((locale) => [375, 1000].flatMap((width) => [['applicant', locale, width] as const, ['staff', locale, width] as const]));

  it.each(cases)('the %s digest in %s at %i px: no overflow, 16 px text, the action in full contrast, one column', async (who, locale, width) => {
    const html = who === 'applicant' ? applicantHtml(locale) : staffHtml(locale);
    const { measure, png } = await lay(`${who}-${locale}`, html, width);

    expect(measure.viewport).toBe(width);
    expect(measure.scrollWidth).toBe(width);
    expect(measure.bodyScrollWidth).toBeLessThanOrEqual(width);
    expect(measure.minFont).toBeGreaterThanOrEqual(16);
    expect(measure.items.length).toBeGreaterThan(0);
    for (const parts of measure.items) {
      // Stacked: every line of a deadline starts at the same left edge, each below the one before, within the screen.
      expect(new Set(parts.map(([left]) => left)).size).toBe(1);
      for (let i = 1; i < parts.length; i++) expect(parts[i]![1]).toBeGreaterThan(parts[i - 1]![1]);
      for (const [, , right] of parts) expect(right).toBeLessThanOrEqual(width);
    }
    if (who === 'applicant') {
      expect(measure.todo.length).toBe(4);
      // The action is in the ink colour, well above WCAG AAA's 7:1.
      for (const colour of measure.todo) expect(contrastOnWhite(colour)).toBeGreaterThan(12);
    }

    const image = await readFile(png);
    expect(image.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    // IHDR: the frame's width, and the page's whole height.
    expect([image.readUInt32BE(16), image.readUInt32BE(20)]).toEqual([width, measure.height]);
    expect(image.length).toBeGreaterThan(20_000);
  });

  it.each(['en', 'zh-CN'] as const)('the %s applicant digest lists the deadlines by date, each with whom to contact', async (locale) => {
    const page = join(ARTIFACTS, `applicant-${locale}-dom.html`);
    await writeFile(page, applicantHtml(locale));
    const dom = await chromium(['--dump-dom', `file://${page}`]);
    const list = /<div id="deadlines" role="list">[\s\S]*<\/div>/.exec(dom)?.[0] ?? '';
    const dates = [...list.matchAll(/data-part="when"[^>]*>(\d{4}-\d\d-\d\d) ·/g)].map((m) => m[1]);
    expect(dates).toEqual(['2026-09-20', '2026-10-31', '2026-12-20', '2027-01-09']);
    for (const ref of ['WA-2025-0003', 'CN-2025-0007', 'CN-2026-0001']) expect(list).toContain(ref);
    // CN-17: the Beijing association by name, phone and email, on each CNCE-NS deadline.
    expect(list.match(/tongjizu@189\.cn/g)).toHaveLength(2);
  });
});
