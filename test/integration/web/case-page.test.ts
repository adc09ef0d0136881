// The case page over HTTP on both databases: what the case is, its certificate, its contacts and
// how each can be reached, the time-line picture (today's line, overdue bars in red), the
// obligations with the rules' own explanations and next reminders, and a translated 404 for a ref
// that does not exist. Without Slack, escalations are listed with no buttons to act on them.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { showCase } from '../../../src/app/show-case.js';
import type { CaseView } from '../../../src/app/show-case.js';
import { translator } from '../../../src/adapters/i18n/translator.js';
import { escapeHtml } from '../../../src/adapters/web/html.js';
import { consoleCss } from '../../../src/adapters/web/styles.js';
import { nextReminders } from '../../../src/domain/reminders.js';
import { browserPath, HEADLESS_FLAGS } from '../../support/browser.js';
import { closeConsole, signedInConsole, signIn, type WebClient, type WebWorld } from '../../support/web-world.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

const STAFF = 'wang.fang@certbody.example.cn';
const STAFF_ZH = 'li.na@certbody.example.cn';
/** Certified 2024-09-10 and never audited since: on 2026-11-23 its surveillance is long overdue. */
const OVERDUE = 'WA-2024-0007';
const WITH_CONTACT = 'CN-2026-0002';
const en = translator('en');

/** Runs in the page at phone width: how wide the document and each panel's content are. */
const MEASURE = `<script>
parent.postMessage(JSON.stringify({
  viewport: window.innerWidth,
  scrollWidth: document.documentElement.scrollWidth,
  panels: Array.prototype.slice.call(document.querySelectorAll('.panel')).map(function (p) { return p.scrollWidth - p.clientWidth; }),
  chart: document.querySelector('svg.chart').getBoundingClientRect().width,
  chartScrolls: (function (t) { return t.scrollWidth > t.clientWidth; })(document.querySelector('.timeline-scroll')),
  cellLabel: getComputedStyle(document.querySelector('.rows-as-cards td[data-label]'), '::before').display
}), '*');
</script>`;

/** Lays the page out in a frame exactly this wide in headless chromium (it makes no window under 500 px). */
async function measureAt(page: string, width: number): Promise<{ viewport: number; scrollWidth: number; panels: number[]; chart: number; chartScrolls: boolean; cellLabel: string }> {
  const folder = await mkdtemp(join(tmpdir(), 'certbell-case-page-'));
  try {
    const file = join(folder, 'page.html');
    const host = join(folder, 'host.html');
    // The stylesheet inline, as the browser would fetch it from /assets/console.css.
    await writeFile(file, page.replace('<link rel="stylesheet" href="/assets/console.css">', `<style>${consoleCss}</style>`).replace('</body>', `${MEASURE}</body>`));
    await writeFile(host, `<!DOCTYPE html><html><body style="margin:0"><iframe src="${file}" width="${width}" height="800" style="border:0"></iframe><script>addEventListener('message', function (e) { document.body.setAttribute('data-measure', e.data); });</script></body></html>`);
    const { stdout } = await promisify(execFile)(browserPath(), [...HEADLESS_FLAGS, `--user-data-dir=${join(folder, 'profile')}`, '--hide-scrollbars', '--virtual-time-budget=3000', '--window-size=800,800', '--dump-dom', `file://${host}`], { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
    const attribute = /data-measure="([^"]*)"/.exec(stdout)?.[1] ?? '{}';
    return JSON.parse(attribute.replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

describe.each(['sqlite', 'postgres'] as const)('the case page on %s', (kind) => {
  let world: WebWorld;
  let client: WebClient;
  beforeAll(async () => {
    ({ world, client } = await signedInConsole(kind, [STAFF, [STAFF_ZH, 'zh-CN']]));
  });
  afterAll(() => closeConsole(world));

  const caseView = async (ref: string): Promise<CaseView> => {
    const shown = await showCase({ ...world.runtime.deps, clock: { now: world.now } }, ref);
    if (!shown.ok) throw new Error(shown.error.code);
    return shown.value;
  };
  const pageOf = async (ref: string) => {
    const page = await client.get(`/cases/${encodeURIComponent(ref)}`);
    expect(page.status).toBe(200);
    return page.text;
  };

  it('shows the header and the certificate', async () => {
    const text = await pageOf(OVERDUE);
    expect(text).toContain('<h1>Case WA-2024-0007</h1>');
    expect(text).toContain('深圳云卫科技有限公司');
    expect(text).toContain(`<dd>${escapeHtml(en.t('scheme.wal'))}</dd>`);
    expect(text).toContain('<dd>Level 2</dd>');
    expect(text).toContain(`<dd>${escapeHtml(en.t('stage.wal.certified'))}</dd>`);
    expect(text).toContain('<dd>WAL-2024-0007</dd>');
    expect(text).toContain('<dd>2024-09-10</dd>');
    // Three years from the issue date under this body's policy.
    expect(text).toContain('2027-09-09');
  });

  it('draws the time line: events as points, obligations as bars, today as a line, overdue bars red; the same facts follow as text', async () => {
    const view = await caseView(OVERDUE);
    const text = await pageOf(OVERDUE);
    const svg = /<svg class="chart"[^>]*role="img"[^>]*>(.*?)<\/svg>/s.exec(text)?.[1] ?? '';
    expect(svg).toContain('<title id="timeline-title">Time line of case WA-2024-0007</title>');
    expect(svg).toMatch(/<desc id="timeline-desc">深圳云卫科技有限公司: 1 recorded events/);
    expect(svg.match(/<line class="today"/g)).toHaveLength(1);
    expect(svg.match(/<circle class="event"/g)).toHaveLength(view.history.length);
    const overdue = view.obligations.filter((o) => o.status === 'overdue');
    expect(overdue.length).toBeGreaterThan(0);
    expect(svg.match(/<rect class="bar overdue"[^>]*fill="#b3261e"/g)).toHaveLength(overdue.length);
    expect(svg.match(/<rect class="bar"/g)).toHaveLength(view.obligations.length - overdue.length);
    // The line stands right of every overdue bar and left of every bar still to come.
    const today = Number(/<line class="today" x1="([\d.]+)"/.exec(svg)?.[1]);
    for (const [, x, width] of svg.matchAll(/<rect class="bar overdue" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)) expect(Number(x) + Number(width)).toBeLessThan(today);
    for (const [, x] of svg.matchAll(/<rect class="bar" x="([\d.]+)"/g)) expect(Number(x)).toBeGreaterThan(today);
    // The text equivalent: every obligation with its due day and the rules' explanation, as `case show` gives it.
    const table = text.slice(text.indexOf('</svg>'));
    const next = nextReminders(world.runtime.reminderPolicy, view.asOf);
    for (const o of view.obligations) {
      expect(table).toContain(`<td data-label="Due">${o.dueOn}</td>`);
      expect(table).toContain(escapeHtml(en.explain(o.explanation)));
      const step = next(o);
      if (step) expect(table).toContain(`${step.sendOn} (${step.id})`);
    }
  });

  it('fits a 375 px phone: no sideways scrolling of the page or of any panel but the picture, which keeps a readable size', async () => {
    const measure = await measureAt(await pageOf(OVERDUE), 375);
    expect(measure.viewport).toBe(375);
    expect(measure.scrollWidth).toBe(375);
    expect(measure.panels.length).toBeGreaterThan(5);
    expect(Math.max(...measure.panels)).toBeLessThanOrEqual(0);
    // Drawn at no less than 720 px, so that its 13 px labels stay 13 px; its own strip scrolls.
    expect(measure.chart).toBeGreaterThanOrEqual(720);
    expect(measure.chartScrolls).toBe(true);
    // A card's cells name their column; a full table's header row does that instead.
    expect(measure.cellLabel).toBe('block');
    const wide = await measureAt(await pageOf(OVERDUE), 1000);
    expect(wide.scrollWidth).toBe(1000);
    expect(wide.chartScrolls).toBe(false);
    expect(wide.cellLabel).toBe('none');
  });

  it('lists the contacts with their Telegram binding, digest unsubscription and refused address', async () => {
    let text = await pageOf(WITH_CONTACT);
    const cells = () => [...(/<tr class="contact">(.*?)<\/tr>/s.exec(text)?.[1] ?? '').matchAll(/<td data-label="([^"]*)"[^>]*>(.*?)<\/td>/gs)].map((m) => [m[1], m[2]]).slice(0, 6);
    expect(cells()).toEqual([
      ['Name', 'Li Lei'],
      ['Email', 'lilei@dunan.example.cn'],
      ['Language', 'en'],
      ['Telegram', 'not bound'],
      ['Unsubscribed from digests', 'no'],
      ['Address refused by the mail server', 'no'],
    ]);

    const [contact] = (await world.runtime.deps.cases.findByRef(WITH_CONTACT))!.contacts;
    await world.runtime.stores.digests.markDigestUnsubscribed(contact!.id, world.now());
    await world.runtime.stores.digests.markEmailRejected(contact!.id, '550 5.1.1 <script>no such user</script>', world.now());
    text = await pageOf(WITH_CONTACT);
    expect(cells().slice(4).map(([, value]) => value)).toEqual(['yes', `yes: ${escapeHtml('550 5.1.1 <script>no such user</script>')}`]);
    expect(text).not.toContain('<script>');
  });

  it('answers an unknown ref with a 404 in the staff member\'s language', async () => {
    const missing = await client.get('/cases/NO-SUCH-1');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('There is no case NO-SUCH-1.');
    const zh = await signIn(world, STAFF_ZH);
    const hostile = '<b>x</b>';
    const zhMissing = await zh.get(`/cases/${encodeURIComponent(hostile)}`);
    expect(zhMissing.status).toBe(404);
    expect(zhMissing.text).toContain(escapeHtml(translator('zh-CN').t('web.case.notFound', { ref: hostile })));
    expect(zhMissing.text).not.toContain(hostile);
  });

  it('lists an escalation without acknowledge or snooze buttons when Slack is not configured', async () => {
    const stores = world.runtime.stores;
    const [raised] = await stores.escalations.raise(
      [
        {
          key: `surveillance-overdue|${OVERDUE}|seeded|revocation`,
          kind: 'surveillance-overdue',
          caseRef: OVERDUE,
          occurrence: 'seeded',
          stage: 'revocation',
          detail: { scheme: 'wal', organization: '深圳云卫科技有限公司', obligationKind: 'revocation-review', obligationOccurrence: 'seeded', rules: ['WA-12'], facts: {}, raisedOn: '2026-11-23' },
        },
      ],
      world.now(),
    );
    const text = await pageOf(OVERDUE);
    expect(text).toContain('<tr class="escalation" data-status="open">');
    expect(text).toContain(escapeHtml(en.t('slack.title.surveillance-overdue.revocation', { caseRef: OVERDUE })));
    expect(text).not.toContain(`/escalations/${raised!.id}/acknowledge`);
    expect(text).toContain(escapeHtml(en.t('web.case.escalation.slackOff')));
    // Refused when posted anyway, and nothing changes.
    const posted = await client.post(`/cases/${OVERDUE}/escalations/${raised!.id}/acknowledge`, { _csrf: /name="_csrf" value="([^"]+)"/.exec(text)![1]! });
    expect(posted.status).toBe(409);
    expect((await stores.escalations.byId(raised!.id))?.status).toBe('open');
  });
});
