// The HTML digest in a real browser engine (Debian's headless chromium, found by test/support/browser.ts):
// rendered to a PNG kept as a test artefact (artifacts/digest/), and its DOM checked for the table of
// deadlines.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderContactDigest } from '../../../src/adapters/email/digest-email.js';
import { createUnsubscribeLinks } from '../../../src/adapters/email/unsubscribe-link.js';
import { translator, type Locale } from '../../../src/adapters/i18n/translator.js';
import { importCases } from '../../../src/app/import-cases.js';
import { contactDigestItems } from '../../../src/app/plan-digest.js';
import type { PlannedObligation } from '../../../src/domain/obligations.js';
import { fakeDeps } from '../../fakes/deps.js';
import { browserPath, HEADLESS_FLAGS } from '../../support/browser.js';
import { digestCases } from '../../support/digest-cases.js';

const run = promisify(execFile);
const ARTIFACTS = resolve('artifacts/digest');

async function chromium(args: readonly string[]): Promise<string> {
  // A fresh profile every time, and nothing that reaches beyond this machine.
  const profile = await mkdtemp(join(tmpdir(), 'certbell-chromium-'));
  try {
    const flags = [...HEADLESS_FLAGS, `--user-data-dir=${profile}`];
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
  for await (const page of deps.cases.obligations({ asOf: '2026-11-23' })) obligations.push(...page);
  await mkdir(ARTIFACTS, { recursive: true });
});

function digestHtml(locale: Locale): string {
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
  const items = contactDigestItems(obligations.filter((o) => refs.includes(o.caseRef)), '2026-11-23', 60);
  const links = createUnsubscribeLinks('https://certbell.example.cn', 'sample-secret-for-the-picture-only-000');
  return renderContactDigest(translator(locale), { asOf: '2026-11-23', period: '2026-W48', horizonDays: 60, contact, items }, { at: new Date('2026-11-23T01:00:00Z'), zone: 'Asia/Shanghai', unsubscribeUrl: links.url(contact.contactId) }).html;
}

describe('the HTML digest in headless chromium', () => {
  it.each(['en', 'zh-CN'] as const)('renders the %s digest to a PNG, and its DOM holds the table of deadlines', async (locale) => {
    const page = join(ARTIFACTS, `digest-${locale}.html`);
    const png = join(ARTIFACTS, `digest-${locale}.png`);
    await writeFile(page, digestHtml(locale));
    await rm(png, { force: true });

    await chromium([`--screenshot=${png}`, '--window-size=760,1400', '--hide-scrollbars', `file://${page}`]);
    const image = await readFile(png);
    expect(image.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    // IHDR: the width and height the window was given.
    expect([image.readUInt32BE(16), image.readUInt32BE(20)]).toEqual([760, 1400]);
    expect(image.length).toBeGreaterThan(20_000);

    const dom = await chromium(['--dump-dom', `file://${page}`]);
    const table = /<table role="table" id="deadlines"[\s\S]*?<\/table>/.exec(dom)?.[0] ?? '';
    const rows = [...table.matchAll(/<tr>\s*<td[^>]*>(\d{4}-\d\d-\d\d)<\/td>/g)].map((m) => m[1]);
    expect(rows).toEqual(['2026-09-20', '2026-10-31', '2026-12-20', '2027-01-09']);
    for (const ref of ['WA-2025-0003', 'CN-2025-0007', 'CN-2026-0001']) expect(table).toContain(ref);
    expect(table).toContain(locale === 'en' ? 'Days left' : '剩余天数');
  });
});
