// A digest rendered as email: subject, text, HTML and the calendar, in Chinese and English; the
// signed unsubscribe link.
import ICAL from 'ical.js';
import { buildEml } from '../../../src/adapters/email/email-delivery.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderContactDigest, renderStaffDigest } from '../../../src/adapters/email/digest-email.js';
import { createUnsubscribeLinks } from '../../../src/adapters/email/unsubscribe-link.js';
import { translator } from '../../../src/adapters/i18n/translator.js';
import type { ContactDigest, DigestContact } from '../../../src/app/digest-ports.js';
import { importCases } from '../../../src/app/import-cases.js';
import { contactDigestItems, staffDigestSections } from '../../../src/app/plan-digest.js';
import type { PlannedObligation } from '../../../src/domain/obligations.js';
import { fakeDeps } from '../../fakes/deps.js';
import { digestCases } from '../../support/digest-cases.js';

const deps = fakeDeps('2026-11-23T01:00:00Z');
const all: PlannedObligation[] = [];
beforeAll(async () => {
  expect((await importCases(deps, digestCases, 'test')).ok).toBe(true);
  for await (const page of deps.cases.obligations({ asOf: '2026-11-23' })) all.push(...page);
});

function contact(overrides: Partial<DigestContact>): DigestContact {
  return {
    contactId: '6f1c2d4e-0000-4000-8000-000000000001',
    name: '张伟',
    email: 'zhang.wei@example.cn',
    locale: 'zh-CN',
    organization: '北京安信网络科技有限公司',
    province: '北京',
    caseRefs: ['CN-2026-0001', 'CN-2025-0007'],
    emailRejectedAt: null,
    emailRejectedReason: null,
    digestUnsubscribedAt: null,
    ...overrides,
  };
}

function digestOf(c: DigestContact): ContactDigest {
  return { asOf: '2026-11-23', period: '2026-W48', horizonDays: 60, contact: c, items: contactDigestItems(all.filter((o) => c.caseRefs.includes(o.caseRef)), '2026-11-23', 60) };
}

const at = new Date('2026-11-23T01:00:00Z');
const url = 'https://certbell.example.cn/unsubscribe?c=x&t=y';

describe('an organisation name of 4,000 characters full of <!channel>, line breaks and *_~', () => {
  const long = `${'<!channel> *urgent*_~ & <b>pay</b>\r\nEND:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Pay here\n'.repeat(60)}`.slice(0, 4000);

  it('still makes one calendar of exactly the deadlines certbell meant, and mail headers that carry nothing of it as a header', async () => {
    const honest = renderContactDigest(translator('en'), digestOf(contact({})), { at, zone: 'Asia/Shanghai', unsubscribeUrl: null });
    const r = renderContactDigest(translator('en'), digestOf(contact({ organization: long })), { at, zone: 'Asia/Shanghai', unsubscribeUrl: null });
    const parsed = ICAL.parse(r.ics as string);
    expect(Array.isArray(parsed[0])).toBe(false);
    const events = (ics: string) =>
      new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').map((v) => [new ICAL.Event(v).summary, (v.getFirstPropertyValue('dtstart') as ICAL.Time).toString()]);
    expect(events(r.ics as string)).toEqual(events(honest.ics as string));
    expect(String(new ICAL.Component(parsed).getFirstPropertyValue('name'))).not.toMatch(/[\r\n]/);
    // The message as sent: its header block holds only header lines and their folded continuations.
    const eml = (await buildEml({ from: 'certbell <certbell@example.cn>' }, { ...r, address: 'a@example.cn', key: 'k' })).toString('utf8');
    const head = eml.split('\r\n\r\n')[0]!.split('\r\n');
    for (const line of head) expect(line).toMatch(/^([A-Za-z-]+:( |$)|[ \t])/);
    expect(head.some((line) => /^(END|BEGIN|SUMMARY):/.test(line))).toBe(false);
  });
});

describe('the calendar of a hostile import', () => {
  // What an import could carry in a company name or a province: a line break ends an .ics property,
  // so unescaped these lines would be read as a second calendar and an event of the attacker's.
  const injected = 'Evil Co\r\nEND:VCALENDAR\r\nBEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Pay the renewal fee to account 6222 0000\r\nDTSTART;VALUE=DATE:20261201\r\nEND:VEVENT\nX-A;B,C\\D';

  it('is one calendar with exactly the deadlines certbell meant, its name on one line, for an independent parser', () => {
    const honest = renderContactDigest(translator('en'), digestOf(contact({})), { at, zone: 'Asia/Shanghai', unsubscribeUrl: null });
    const r = renderContactDigest(translator('en'), digestOf(contact({ organization: injected, province: `北京\nEND:VEVENT`, name: 'A\r\nB' })), { at, zone: 'Asia/Shanghai', unsubscribeUrl: null });
    const parsed = ICAL.parse(r.ics as string);
    // One component: a second VCALENDAR would make ical.js return a list.
    expect(Array.isArray(parsed[0])).toBe(false);
    const calendar = new ICAL.Component(parsed);
    expect(calendar.name).toBe('vcalendar');
    const summaries = (ics: string) =>
      new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').map((v) => [new ICAL.Event(v).summary, (v.getFirstPropertyValue('dtstart') as ICAL.Time).toString()]);
    expect(summaries(r.ics as string)).toEqual(summaries(honest.ics as string));
    expect(calendar.getAllSubcomponents('vevent')).toHaveLength(2);
    const name = String(calendar.getFirstPropertyValue('name'));
    expect(name).not.toMatch(/[\r\n]/);
    expect(name).toContain('Evil Co END:VCALENDAR BEGIN:VCALENDAR BEGIN:VEVENT SUMMARY:Pay the renewal fee');
    // ical.js does not know NAME (RFC 7986) and hands back its TEXT escapes undecoded.
    expect(name).toContain('X-A\\;B\\,C\\\\D');
    expect((r.ics as string).split('\r\n').filter((line) => /^(BEGIN|END):/.test(line))).toEqual(honest.ics?.split('\r\n').filter((line) => /^(BEGIN|END):/.test(line)));
  });
});

describe('an applicant digest email', () => {
  it('says in Chinese what is due, by when, the days left, why, what to do and whom to contact', () => {
    const r = renderContactDigest(translator('zh-CN'), digestOf(contact({})), { at, zone: 'Asia/Shanghai', unsubscribeUrl: url });
    // The subject leads with the most urgent action and its date: a phone's inbox shows no more.
    expect(r.subject).toBe('已逾期：年检 10月31日截止 · 北京安信网络科技有限公司，另有 1 项');
    expect(r.text).toContain('张伟，您好：');
    expect(r.text).toContain('已逾期 23 天 · 2026-10-31 · 年检，案件 CN-2025-0007（CN-12）');
    expect(r.text).toContain('还剩 47 天 · 2027-01-09 · 年检，案件 CN-2026-0001（CN-12）');
    expect(r.text).toContain('  办理期自 2026-12-10 开始。');
    expect(r.text).toContain('  依据：证书签发于 2026-01-10');
    expect(r.text).toContain('  需要办理：向单位注册地行协提交证书原件和年度调查表，办理年检。');
    // CN-17: the Beijing association, by name, phone and email, as the guide lists it.
    expect(r.text).toContain('  联系方式：北京市通信行业协会，电话 010-68028629，邮箱 tongjizu@189.cn。');
    expect(r.text).toContain(url);
    expect(r.html).toContain('<html lang="zh-CN">');
    expect(r.html).toMatch(/<div id="deadlines"[^>]*>/);
    expect(r.html.match(/<div class="item"/g)).toHaveLength(2);
    expect(r.html).toContain('data-part="contact" style="margin:0 0 6px 0;font-size:16px;line-height:24px;color:#1f2933">联系方式：北京市通信行业协会');
    expect(r.html).toContain(`href="${url.replace('&', '&amp;')}"`);
  });

  it('says it in English for an English-speaking contact, with the WA-8 item overdue first', () => {
    const li = contact({ name: 'Li Na', email: 'li.na@example.com', locale: 'en', organization: 'Shanghai Shield Security Co., Ltd.', province: '上海', caseRefs: ['WA-2025-0003', 'CN-2026-0002'] });
    const r = renderContactDigest(translator('en'), digestOf(li), { at, zone: 'Asia/Shanghai', unsubscribeUrl: null });
    expect(r.subject).toBe('Overdue: Surveillance information, due 20 Sep · Shanghai Shield Security Co., Ltd., 1 more deadline');
    expect(r.text.split('\n').filter((l) => /^\S.* · 20\d\d-/.test(l))).toEqual([
      'overdue by 64 days · 2026-09-20 · Surveillance information, case WA-2025-0003 (WA-8)',
      '27 days left · 2026-12-20 · Surveillance audit, case WA-2025-0003 (WA-4)',
    ]);
    // 网安联 publishes no phone or email: the body is named, and the reader told who puts them in touch.
    expect(r.text).toContain('  Whom to contact: 网安联认证中心 (no phone or email is published; the staff who handle your application will put you in touch).');
    expect(r.text).not.toContain('unsubscribe');
  });

  it('escapes whatever an import supplied', () => {
    const r = renderContactDigest(translator('en'), digestOf(contact({ name: '<img src=x onerror=alert(1)>', organization: 'A & B "Secure" <Ltd>' })), { at, zone: 'Asia/Shanghai', unsubscribeUrl: null });
    expect(r.html).not.toContain('<img');
    expect(r.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(r.html).toContain('A &amp; B &quot;Secure&quot; &lt;Ltd&gt;');
  });

  it('carries a calendar with one all-day event per deadline on its Shanghai day, with an alarm before each future one', () => {
    const r = renderContactDigest(translator('zh-CN'), digestOf(contact({})), { at, zone: 'Asia/Shanghai', unsubscribeUrl: null });
    const calendar = new ICAL.Component(ICAL.parse(r.ics as string));
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.map((e) => [e.startDate.toString(), e.startDate.isDate, e.endDate.toString(), e.summary])).toEqual([
      // CN-12: the day before each anniversary.
      ['2026-10-31', true, '2026-11-01', '年检，案件 CN-2025-0007（CN-12）'],
      ['2027-01-09', true, '2027-01-10', '年检，案件 CN-2026-0001（CN-12）'],
    ]);
    const alarms = calendar.getAllSubcomponents('vevent').map((v) => v.getAllSubcomponents('valarm').map((a) => String(a.getFirstPropertyValue('trigger'))));
    // Overdue: no alarm. Due 2027-01-09: at 09:00 a week before (-6 days 15 hours from midnight).
    expect(alarms).toEqual([[], ['-P6DT15H']]);
    expect(events[1]?.description).toContain('需要办理：向单位注册地行协提交证书原件和年度调查表，办理年检。');
    // The same deadline keeps its UID in next week's digest, so a calendar updates it instead of adding it again.
    const again = new ICAL.Component(ICAL.parse(renderContactDigest(translator('en'), digestOf(contact({})), { at, zone: 'Asia/Shanghai', unsubscribeUrl: null }).ics as string));
    expect(again.getAllSubcomponents('vevent').map((v) => v.getFirstPropertyValue('uid'))).toEqual(events.map((e) => e.uid));
  });
});

describe('the staff digest email', () => {
  it('counts by section, scheme and kind, and lists undelivered reminders', () => {
    const { sections, weekEndsOn, windowEndsOn } = staffDigestSections(all, '2026-11-23', { windowDays: 30, itemsPerGroup: 25 });
    const undelivered = [{ caseRef: 'WA-2025-0003', kind: 'surveillance-audit' as const, occurrence: 'x', step: 'due-30d', channel: 'email', address: 'li.na@example.com', reason: 'rejected: RCPT TO: 550 no such user', failedAt: at }];
    const r = renderStaffDigest(translator('en'), { asOf: '2026-11-23', period: '2026-11-23', weekEndsOn, windowEndsOn, sections, undelivered });
    expect(r.subject).toBe('Overdue: 3 · due this week: 0 · next 30 days: 1 · undelivered: 1 (staff digest 2026-11-23)');
    const text = r.text.split('\n');
    expect(text.slice(2, 10)).toEqual([
      'Overdue: 3',
      '  cnce-ns · Material review: 1',
      '    2026-10-23 · overdue by 31 days · CN-2026-0004 · staff · CN-6',
      '  cnce-ns · Annual inspection: 1',
      '    2026-10-31 · overdue by 23 days · CN-2025-0007 · applicant · CN-12',
      '  wal · Surveillance information: 1',
      '    2026-09-20 · overdue by 64 days · WA-2025-0003 · applicant · WA-8',
      '',
    ]);
    expect(r.text).toContain('  WA-2025-0003 · Surveillance audit · step due-30d · email li.na@example.com: rejected: RCPT TO: 550 no such user');
    expect(r.html).toContain('data-section="overdue"');
  });
});

describe('unsubscribe links', () => {
  const links = createUnsubscribeLinks('https://certbell.example.cn/base', 'a-secret-of-at-least-32-characters!!');
  const id = '6f1c2d4e-0000-4000-8000-000000000001';

  it('names the contact and carries a signature that only the secret makes', () => {
    const link = new URL(links.url(id));
    expect(`${link.origin}${link.pathname}`).toBe('https://certbell.example.cn/base/unsubscribe');
    expect(links.verify(link.searchParams)).toBe(id);
    const other = createUnsubscribeLinks('https://certbell.example.cn/base', 'another-secret-of-at-least-32-chars!');
    expect(other.verify(link.searchParams)).toBeNull();
  });

  it('refuses a changed contact, a changed or truncated signature, and missing parts', () => {
    const query = new URL(links.url(id)).searchParams;
    const t = query.get('t') as string;
    const flipped = `${t[0] === 'A' ? 'B' : 'A'}${t.slice(1)}`;
    expect(links.verify(new URLSearchParams({ c: id.replace('1', '2'), t }))).toBeNull();
    expect(links.verify(new URLSearchParams({ c: id, t: flipped }))).toBeNull();
    expect(links.verify(new URLSearchParams({ c: id, t: t.slice(0, 20) }))).toBeNull();
    expect(links.verify(new URLSearchParams({ c: id }))).toBeNull();
    expect(links.verify(new URLSearchParams({ t }))).toBeNull();
  });
});
