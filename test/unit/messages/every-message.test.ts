// Every kind of message certbell writes, in both languages, for a set of cases that covers every
// province of the CNCE-NS directory (CN-17), a province the guide does not list (上海, 新疆), 网安联
// certified and suspended (WA-4, WA-8, WA-11), a staff-side working-day period (CN-6) and a pledge
// (CN-9): each reminder step, the applicant's and the staff digest, each escalation stage, and each
// Telegram answer. Checked on every one: no "(s)", no raw locale key or placeholder, the contact line
// carries the body's phone or email wherever the directory has one, and every surface names the same
// body for a case.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderContactDigest, renderStaffDigest } from '../../../src/adapters/email/digest-email.js';
import { leftText } from '../../../src/adapters/i18n/message-parts.js';
import { renderReminder } from '../../../src/adapters/i18n/reminder-messages.js';
import { translator, type Locale } from '../../../src/adapters/i18n/translator.js';
import { escalationMessage } from '../../../src/adapters/slack/blocks.js';
import { contactText, deadlinesText, expiryText, nextStepText, statusText } from '../../../src/adapters/telegram/render.js';
import type { ChatView } from '../../../src/app/answer-applicant.js';
import { contactBook } from '../../../src/app/contacts/contact-book.js';
import type { ContactBookAnswer } from '../../../src/app/contacts/contact-book.js';
import { escalationAbout } from '../../../src/app/escalation-about.js';
import type { EscalationDeps, EscalationRecord } from '../../../src/app/escalation-ports.js';
import type { ImportItem } from '../../../src/app/import-cases.js';
import { importCases } from '../../../src/app/import-cases.js';
import { contactDigestItems, staffDigestSections } from '../../../src/app/plan-digest.js';
import type { CaseRecord } from '../../../src/app/ports.js';
import { addDays } from '../../../src/domain/calendar/calendar-date.js';
import { escalationKey, escalationsDue } from '../../../src/domain/escalations.js';
import type { PlannedObligation } from '../../../src/domain/obligations.js';
import { reminderSchedule } from '../../../src/domain/reminders.js';
import { provincialAssociations } from '../../../src/domain/schemes/cnce-ns/contacts.js';
import { allSchemes, defaultReminderPolicy, findScheme, toldToApplicant } from '../../../src/domain/schemes/registry.js';
import { timeLeftOf } from '../../../src/domain/time-left.js';
import { escalationRecord } from '../../support/escalation-record.js';
import { cnceThroughPublicNotice } from '../../support/histories.js';
import { calendar, fakeDeps } from '../../fakes/deps.js';

const NOW = '2026-11-23T01:00:00Z';
const AS_OF = '2026-11-23';
const locales: readonly Locale[] = ['zh-CN', 'en'];

type Events = readonly (readonly [string, string, Record<string, string>?])[];

function caseOf(ref: string, scheme: 'cnce-ns' | 'wal', province: string, events: Events): ImportItem {
  return {
    source: { file: 'test', path: ref },
    header: {
      ref,
      scheme,
      organization: { name: `${province}测试安全有限公司`, province },
      serviceType: scheme === 'cnce-ns' ? 'risk-assessment' : null,
      level: 2,
      contacts: [{ name: '张伟', email: `${ref.toLowerCase()}@example.cn`, locale: 'zh-CN' }],
    },
    events: events.map(([type, date, extra]) => ({ source: { file: 'test', path: ref }, fields: { type, date, ...extra } })),
  };
}

// CN-12: issued 2025-11-20, the first annual inspection was due 2026-11-20 (overdue), renewal later (CN-14).
const issued = (no: string): Events => [['certificate-issued', '2025-11-20', { certificateNo: no }]];
const items: ImportItem[] = [
  ...provincialAssociations.map((a, i) => caseOf(`CN-P-${i + 1}`, 'cnce-ns', a.province ?? '', issued(`CNCE-NS-P-${i + 1}`))),
  caseOf('CN-SH-1', 'cnce-ns', '上海', issued('CNCE-NS-SH-1')),
  caseOf('CN-XJ-1', 'cnce-ns', '新疆维吾尔自治区', issued('CNCE-NS-XJ-1')),
  // CN-6: materials received 2026-11-02, the formal review runs 15 PRC working days.
  caseOf('CN-MR-1', 'cnce-ns', '广东', [['materials-received', '2026-11-02']]),
  // CN-9: the public notice ended 2026-10-30; the pledge is due 30 days later [policy].
  caseOf('CN-PL-1', 'cnce-ns', '浙江', cnceThroughPublicNotice('2026-10-23', '2026-10-30').map(([t, d]) => [t, d] as const)),
  // WA-4, WA-8: issued 2025-12-20, the first surveillance audit is due 2026-12-20, its information 2026-09-20.
  caseOf('WA-1', 'wal', '北京', [['certificate-issued', '2025-12-20', { certificateNo: 'WAL-1' }]]),
  // WA-10, WA-11: suspended 2026-08-10, restored by 2027-02-10 at the latest.
  caseOf('WA-SUS-1', 'wal', '上海', [
    ['certificate-issued', '2025-06-30', { certificateNo: 'WAL-SUS-1' }],
    ['certificate-suspended', '2026-08-10'],
  ]),
];

const deps = fakeDeps(NOW);
const records = new Map<string, CaseRecord>();
const obligationsOf = new Map<string, PlannedObligation[]>();
const allObligations: PlannedObligation[] = [];

beforeAll(async () => {
  const imported = await importCases(deps, items, 'test');
  expect(imported.ok, JSON.stringify(imported)).toBe(true);
  for (const item of items) {
    const record = await deps.cases.findByRef(String(item.header.ref));
    records.set(String(item.header.ref), record!);
    const list: PlannedObligation[] = [];
    for await (const page of deps.cases.obligations({ asOf: AS_OF, caseRef: String(item.header.ref) })) list.push(...page);
    obligationsOf.set(String(item.header.ref), list);
    allObligations.push(...list);
  }
});

// Every key the translator knows (shared words and the schemes' fragments), plural suffixes removed.
function leaves(node: unknown, prefix = ''): string[] {
  if (typeof node === 'string') return [prefix.replace(/_(one|other)$/, '')];
  return Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}
const keys = new Set([
  ...leaves(JSON.parse(readFileSync('locales/en.json', 'utf8'))),
  ...allSchemes().flatMap((s) => leaves(s.locale.en)),
]);

/** What no message may contain: "(s)", a raw key, an unfilled placeholder or nesting. */
function expectReadable(text: string, where: string): void {
  expect(text, where).not.toMatch(/\(s\)/);
  expect(text, where).not.toMatch(/\{\{|\$t\(|\bundefined\b|\bnull\b|\bNaN\b/);
  // A value left empty: "Last tried: none ." or "within  days".
  expect(text, where).not.toMatch(/\bnone \.|[a-z] \.( |$)| {2}days/m);
  const raw = [...text.matchAll(/[A-Za-z][\w-]*(?:\.[\w/-]+)+/g)].map((m) => m[0]).filter((token) => keys.has(token));
  expect(raw, where).toEqual([]);
}

/** The one answer for a case, and what every surface must then say of it. */
function answerOf(ref: string): ContactBookAnswer {
  const r = records.get(ref)!;
  return contactBook().answer(r.scheme, r.organization.province);
}

function expectContact(text: string, answer: ContactBookAnswer, where: string): void {
  const a = answer.association!;
  expect(text, where).toContain(a.name);
  if (a.phone) expect(text, where).toContain(a.phone);
  if (a.email) expect(text, where).toContain(a.email);
  // Another body's phone or email is never given instead.
  for (const other of [...provincialAssociations, findScheme('cnce-ns')!.contacts!.centre]) {
    if (other.id !== a.id && other.email) expect(text, where).not.toContain(other.email);
  }
}

function reminders(ref: string, locale: Locale): string[] {
  const answer = answerOf(ref);
  return (obligationsOf.get(ref) ?? []).filter(toldToApplicant).flatMap((o) =>
    reminderSchedule(o, defaultReminderPolicy()).map((step) => {
      const today = step.sendOn;
      const m = renderReminder({ step, obligation: o, recipient: { name: '张伟', locale, province: records.get(ref)!.organization.province }, caseRef: ref, today, left: timeLeftOf(o, today, calendar), contact: answer });
      return `${m.subject}\n${m.text}`;
    }),
  );
}

function applicantDigest(ref: string, locale: Locale): string {
  const r = records.get(ref)!;
  const contact = { contactId: 'c-1', name: '张伟', email: 'x@example.cn', locale, organization: r.organization.name, province: r.organization.province, caseRefs: [ref], emailRejectedAt: null, emailRejectedReason: null, digestUnsubscribedAt: null };
  const digestItems = contactDigestItems(obligationsOf.get(ref) ?? [], AS_OF, 400, calendar);
  const d = renderContactDigest(translator(locale), { asOf: AS_OF, period: '2026-W48', horizonDays: 400, contact, items: digestItems }, { at: new Date(NOW), zone: 'Asia/Shanghai', unsubscribeUrl: 'https://certbell.example.cn/u?c=1&t=2' });
  return [d.subject, d.text, d.html].join('\n');
}

const escalationDeps = { ...deps } as unknown as EscalationDeps;

/** Each stage its obligations reach, over the days of the case's life, as posted, re-posted, acknowledged and resolved. */
async function escalations(ref: string, locale: Locale): Promise<string[]> {
  const obligations = obligationsOf.get(ref) ?? [];
  const days = [...new Set(obligations.flatMap((o) => [addDays(o.dueOn, -3), addDays(o.dueOn, 1), addDays(o.dueOn, 190)]))];
  const seen = new Map<string, EscalationRecord>();
  for (const day of days) {
    for (const due of escalationsDue(obligations, day, { calendar, pledgeEscalateDays: 30 })) {
      const key = escalationKey(due);
      seen.set(
        key,
        escalationRecord({
          id: `e-${seen.size}`,
          key,
          kind: due.kind,
          caseRef: due.caseRef,
          occurrence: due.occurrence,
          stage: due.stage,
          detail: { scheme: due.scheme, organization: records.get(ref)!.organization.name, obligationKind: due.obligationKind, obligationOccurrence: due.occurrence, rules: due.rules, facts: due.facts, raisedOn: day },
          raisedAt: new Date(NOW),
        }),
      );
    }
  }
  // A reminder that no channel could take (WA and CN alike): "Last tried" says so in words.
  const first = obligations[0]!;
  seen.set(
    'undelivered',
    escalationRecord({
      id: 'e-undelivered',
      key: `undelivered|${ref}`,
      kind: 'undelivered-reminder',
      caseRef: ref,
      occurrence: first.occurrence,
      stage: 'failed',
      detail: { scheme: records.get(ref)!.scheme, organization: records.get(ref)!.organization.name, obligationKind: first.kind, obligationOccurrence: first.occurrence, rules: first.rules, facts: { step: 'overdue', channel: 'none', address: '', reason: 'no-channel' }, raisedOn: AS_OF },
      raisedAt: new Date(NOW),
    }),
  );
  const about = await escalationAbout(escalationDeps, seen.get('undelivered')!);
  const tr = translator(locale);
  const look = { zone: 'Asia/Shanghai', escalationGroup: null, acknowledgeWithinHours: 1 };
  return [...seen.values()].flatMap((e) => [
    escalationMessage(tr, { escalation: e, mode: 'post', today: AS_OF, about }, look),
    escalationMessage(tr, { escalation: e, mode: 'reescalate', today: AS_OF, about }, look),
    escalationMessage(tr, { escalation: { ...e, status: 'acknowledged', acknowledgedBy: 'slack:U0STAFF', acknowledgedAt: new Date(NOW) }, mode: 'update', today: AS_OF, about }, look),
    escalationMessage(tr, { escalation: { ...e, status: 'resolved', resolvedAt: new Date(NOW) }, mode: 'update', today: AS_OF, about, resolution: { lastEvent: null } }, look),
  ]).map((m) => `${m.subject ?? ''}\n${m.text}\n${JSON.stringify(m.blocks)}`);
}

function telegram(ref: string, locale: Locale): { status: string; contact: string; others: string[] } {
  const r = records.get(ref)!;
  const view: ChatView = { asOf: AS_OF, cases: [{ record: { ref: r.ref, scheme: r.scheme, serviceType: r.serviceType, state: r.state, organization: { province: r.organization.province } }, obligations: (obligationsOf.get(ref) ?? []).filter((o) => !findScheme(o.scheme)?.obligationKinds.find((k) => k.id === o.kind)?.staffOnly) }] };
  const tr = translator(locale);
  return { status: statusText(view, calendar, tr), contact: contactText(view, tr), others: [deadlinesText(view, calendar, tr), nextStepText(view, calendar, tr), expiryText(view, calendar, tr)] };
}

describe('every message, in both languages, for every case', () => {
  it.each(locales)('%s: each reminder step, digest, escalation and Telegram answer reads right and names the same body', async (locale) => {
    let reminderCount = 0;
    let escalationCount = 0;
    for (const item of items) {
      const ref = String(item.header.ref);
      const answer = answerOf(ref);
      expect(answer.association, ref).not.toBeNull();
      const surfaces: [string, string][] = [
        ...reminders(ref, locale).map((text, i): [string, string] => [`reminder ${i}`, text]),
        ...(contactDigestItems(obligationsOf.get(ref) ?? [], AS_OF, 400).length ? [['digest', applicantDigest(ref, locale)] as [string, string]] : []),
        ...(await escalations(ref, locale)).map((text, i): [string, string] => [`escalation ${i}`, text]),
        ['telegram /status', telegram(ref, locale).status],
        ['telegram /contact', telegram(ref, locale).contact],
      ];
      reminderCount += surfaces.filter(([w]) => w.startsWith('reminder')).length;
      escalationCount += surfaces.filter(([w]) => w.startsWith('escalation')).length;
      for (const [where, text] of surfaces) {
        expectReadable(text, `${ref} ${locale} ${where}`);
        expectContact(text, answer, `${ref} ${locale} ${where}`);
      }
      for (const [i, text] of telegram(ref, locale).others.entries()) expectReadable(text, `${ref} ${locale} telegram answer ${i}`);
    }
    // The set really holds every step: CN-12 and WA reminders, the suspension's, and escalation stages.
    expect(reminderCount).toBeGreaterThan(60);
    expect(escalationCount).toBeGreaterThan(60);
  });

  it.each(locales)('%s: the staff digest reads right, and counts working days for the working-day rules (CN-6)', (locale) => {
    const { sections, weekEndsOn, windowEndsOn } = staffDigestSections(allObligations, AS_OF, { windowDays: 30, itemsPerGroup: 25, calendar });
    const undelivered = [{ caseRef: 'WA-1', kind: 'surveillance-audit' as const, occurrence: 'x', step: 'due-30d', channel: 'email', address: 'x@example.cn', reason: 'rejected: 550', failedAt: new Date(NOW) }];
    const d = renderStaffDigest(translator(locale), { asOf: AS_OF, period: AS_OF, weekEndsOn, windowEndsOn, sections, undelivered });
    const text = [d.subject, d.text, d.html].join('\n');
    expectReadable(text, `staff digest ${locale}`);
    // CN-6: received Monday 2026-11-02, the 15 working days end Monday 2026-11-23. A week before, on
    // 2026-11-16, 7 calendar days but 5 working days are left, and the staff digest says 5.
    const review = allObligations.find((o) => o.caseRef === 'CN-MR-1' && o.kind === 'material-review')!;
    expect([review.counting, review.dueOn]).toEqual(['working-days', '2026-11-23']);
    const left = leftText(translator(locale), timeLeftOf(review, '2026-11-16', calendar));
    expect(left).toBe(locale === 'en' ? '5 working days left' : '还剩 5 个工作日');
    const early = staffDigestSections(allObligations, '2026-11-16', { windowDays: 30, itemsPerGroup: 25, calendar });
    const earlyText = renderStaffDigest(translator(locale), { asOf: '2026-11-16', period: '2026-11-16', weekEndsOn: early.weekEndsOn, windowEndsOn: early.windowEndsOn, sections: early.sections, undelivered: [] }).text;
    expect(earlyText).toContain(`2026-11-23 · ${left} · CN-MR-1`);
  });

  it('says "1 day", "1 working day" and "1 hour" in the singular, never "(s)"', () => {
    const en = translator('en');
    expect(leftText(en, { kind: 'left', count: 1, unit: 'days' })).toBe('1 day left');
    expect(leftText(en, { kind: 'left', count: 1, unit: 'working-days' })).toBe('1 working day left');
    expect(leftText(en, { kind: 'overdue', days: 1 })).toBe('overdue by 1 day');
    expect(leftText(en, { kind: 'left', count: 30, unit: 'days' })).toBe('30 days left');
    expect(en.t('digest.overdueNote', { count: 1 })).toBe('1 of them is overdue. Please deal with it first.');
    expect(en.t('slack.reescalated', { mention: '@here', count: 1 })).toBe('@here Not acknowledged within 1 hour.');
    expect(translator('zh-CN').t('slack.reescalated', { mention: '@here', count: 1 })).toBe('@here 已超过 1 小时无人确认。');
  });

  it('WA-11, WA-12: the holder of a suspended certificate is told, in the digest and by reminder, what restores it and by when', () => {
    const zh = applicantDigest('WA-SUS-1', 'zh-CN');
    expect(zh).toContain('2027-02-10');
    expect(zh).toContain('需要办理：您的证书已被暂停。请完成整改并向网安联申请恢复证书（WA-13）');
    const en = reminders('WA-SUS-1', 'en');
    expect(en.some((m) => m.includes('Restoring the suspended certificate for case WA-SUS-1 is due by 2027-02-10') && m.includes('Suspended on 2026-08-10'))).toBe(true);
  });
});
