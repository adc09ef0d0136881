// The new stored states of a certificate's end (docs/rules.md CN-11, CN-13, CN-14, WA-9, WA-16, WA-17,
// "Expiry without renewal"), through the real repositories on SQLite and PostgreSQL: a failed CNCE-NS
// inspection's staff decision, a renewal refused before its window, 网安联 recertification and audit
// outcomes, and the daily lapse of certificates not renewed, with its audit entry, its certificate row,
// the applicant's message and the staff escalation.
import { afterEach, describe, expect, it } from 'vitest';
import { createLapseFinder } from '../../../src/adapters/db/lapse-queries.js';
import { dispatchOutbox } from '../../../src/app/dispatch-outbox.js';
import { expireCertificates } from '../../../src/app/expire-certificates.js';
import { importCases } from '../../../src/app/import-cases.js';
import { recordEvent } from '../../../src/app/record-event.js';
import type { EventInputFields } from '../../../src/app/validate-case.js';
import { sweepReminders } from '../../../src/app/sweep-reminders.js';
import { escalationsDue } from '../../../src/domain/escalations.js';
import type { PlannedObligation } from '../../../src/domain/obligations.js';
import { createReminderWorld } from '../../support/reminder-world.js';

type World = Awaited<ReturnType<typeof createReminderWorld>>;

const at = (day: string) => `${day}T02:00:00.000Z`; // 10:00 in Shanghai

function row(ref: string, scheme: string, events: EventInputFields[]) {
  const source = { file: 'expiry', path: ref };
  return {
    source,
    header: {
      ref,
      scheme,
      organization: { name: `${ref} 网络安全有限公司`, province: '北京' },
      ...(scheme === 'cnce-ns' ? { serviceType: 'risk-assessment' } : {}),
      level: 2,
      contacts: [{ name: '王芳', email: `${ref.toLowerCase()}@example.cn`, locale: 'zh-CN' }],
    },
    events: events.map((fields) => ({ source, fields })),
  };
}

async function owed(world: World, ref: string, asOf: string): Promise<PlannedObligation[]> {
  const found: PlannedObligation[] = [];
  for await (const page of world.deps.cases.obligations({ asOf, caseRef: ref })) found.push(...page);
  return found;
}

const kinds = (list: readonly PlannedObligation[]) => list.map((o) => `${o.kind} ${o.audience} ${o.dueOn}`);

describe.each(['sqlite', 'postgres'] as const)('the end of a certificate, stored on %s', (kind) => {
  let world: World;
  afterEach(async () => world?.close());

  it('CN-13, CN-14, WA-16, WA-17 and the lapse at expiry: stored, shown, audited and told', { timeout: 60_000 }, async () => {
    world = await createReminderWorld(kind, at('2026-04-01'));
    const imported = await importCases(
      world.deps,
      [
        // CN-11 [policy]: no printed expiry → 2029-03-30; inspections due 2027-03-30 and 2028-03-30 (seed 000 §五).
        row('CN-END', 'cnce-ns', [{ type: 'certificate-issued', date: '2026-03-31', certificateNo: 'CNCE-NS-END-1' }]),
        row('WA-END', 'wal', [{ type: 'certificate-issued', date: '2026-03-10', certificateNo: 'WAL-END-1', expires: '2029-03-09' }]),
      ],
      'test',
    );
    expect(imported.ok).toBe(true);

    // CN-13: a failed inspection on Fri 2027-03-19 opens the staff decision, due 15 working days later (2027 is
    // beyond the packaged holiday data: counted as plain weeks and marked an estimate).
    world.setNow(at('2027-03-19'));
    expect((await recordEvent(world.deps, { ref: 'CN-END', event: { type: 'annual-inspection-failed', date: '2027-03-19' } }, 'cli:test')).ok).toBe(true);
    const failed = await owed(world, 'CN-END', '2027-03-19');
    expect(kinds(failed)).toEqual(['inspection-decision staff 2027-04-09', 'annual-inspection applicant 2028-03-30', 'renewal applicant 2029-03-30']);
    expect(failed[0]?.estimatedYears).toEqual([2027]);
    world.setNow(at('2027-04-02'));
    expect((await recordEvent(world.deps, { ref: 'CN-END', event: { type: 'certificate-downgraded', date: '2027-04-02' } }, 'cli:test')).ok).toBe(true);
    expect(kinds(await owed(world, 'CN-END', '2027-04-02'))).toEqual(['annual-inspection applicant 2028-03-30', 'renewal applicant 2029-03-30']);

    // CN-14: a renewal recorded before the window opens (2028-12-30) is refused with its dates, and nothing is written.
    world.setNow(at('2028-12-29'));
    const early = await recordEvent(world.deps, { ref: 'CN-END', event: { type: 'renewal-applied', date: '2028-12-29' } }, 'cli:test');
    expect(early).toEqual({ ok: false, error: { code: 'renewal/before-window', params: { date: '2028-12-29', opensOn: '2028-12-30', expiresOn: '2029-03-30' } } });
    expect((await world.deps.cases.findByRef('CN-END'))?.state.stage).toBe('certified');

    // WA-16: an audit failed on 2027-03-05 asks staff for a decision on suspension; they decide against it.
    world.setNow(at('2027-03-05'));
    expect((await recordEvent(world.deps, { ref: 'WA-END', event: { type: 'surveillance-audit-failed', date: '2027-03-05' } }, 'cli:test')).ok).toBe(true);
    expect(kinds(await owed(world, 'WA-END', '2027-03-05'))).toContain('suspension-decision staff 2027-03-19');
    world.setNow(at('2027-03-10'));
    expect((await recordEvent(world.deps, { ref: 'WA-END', event: { type: 'suspension-declined', date: '2027-03-10' } }, 'cli:test')).ok).toBe(true);
    // WA-16: an audit passed on 2028-03-01 with nonconformities to close by 2028-04-30; closed on 2028-04-20.
    world.setNow(at('2028-03-01'));
    const nonconforming = { type: 'surveillance-audit-passed-with-nonconformities', date: '2028-03-01', data: { correctBy: '2028-04-30' } };
    expect((await recordEvent(world.deps, { ref: 'WA-END', event: nonconforming }, 'cli:test')).ok).toBe(true);
    expect(kinds(await owed(world, 'WA-END', '2028-03-01'))).toContain('nonconformity-correction applicant 2028-04-30');
    world.setNow(at('2028-04-20'));
    expect((await recordEvent(world.deps, { ref: 'WA-END', event: { type: 'nonconformities-closed', date: '2028-04-20' } }, 'cli:test')).ok).toBe(true);
    expect(kinds(await owed(world, 'WA-END', '2028-04-20')).some((k) => k.startsWith('nonconformity-correction'))).toBe(false);
    // WA-17: the renewal applied 2028-11-01 leaves staff the recertification, due at expiry 2029-03-09.
    world.setNow(at('2028-11-01'));
    expect((await recordEvent(world.deps, { ref: 'WA-END', event: { type: 'renewal-applied', date: '2028-11-01' } }, 'cli:test')).ok).toBe(true);
    expect(kinds(await owed(world, 'WA-END', '2028-11-01'))).toContain('recertification staff 2029-03-09');

    // The daily lapse: on 2029-03-10 only the 网安联 certificate has expired (2029-03-09); CN-END's is valid to 2029-03-30.
    // Renewed in time: its old certificate's row stays "valid" and must never be taken for a lapse.
    world.setNow(at('2029-03-05'));
    const onTime = await importCases(
      world.deps,
      [
        row('WA-ONTIME', 'wal', [
          { type: 'certificate-issued', date: '2026-03-10', certificateNo: 'WAL-ONTIME-1', expires: '2029-03-09' },
          { type: 'surveillance-audit-completed', date: '2027-03-01' },
          { type: 'surveillance-audit-completed', date: '2028-03-01' },
          { type: 'renewal-applied', date: '2028-11-01' },
        ]),
      ],
      'test',
    );
    expect(onTime.ok).toBe(true);
    const newCertificate = { type: 'certificate-issued', date: '2029-03-05', data: { certificateNo: 'WAL-ONTIME-2', expires: '2032-03-04' } };
    expect((await recordEvent(world.deps, { ref: 'WA-ONTIME', event: newCertificate }, 'cli:test')).ok).toBe(true);
    const lapses = createLapseFinder(world.database.db);
    expect((await world.database.db.prisma.certificate.findFirst({ where: { certificateNo: 'WAL-ONTIME-1' } }))?.status).toBe('valid');
    expect(await lapses.lapsedBefore('2029-03-10')).toEqual(['WA-END']);
    world.setNow(at('2029-03-10'));
    expect((await expireCertificates({ ...world.deps, lapses })).expired).toEqual([{ ref: 'WA-END', date: '2029-03-10' }]);
    world.setNow(at('2029-03-31'));
    expect((await expireCertificates({ ...world.deps, lapses })).expired).toEqual([{ ref: 'CN-END', date: '2029-03-31' }]);
    expect((await expireCertificates({ ...world.deps, lapses })).expired).toEqual([]);

    for (const [ref, certificateNo, lapsedOn] of [
      ['CN-END', 'CNCE-NS-END-1', '2029-03-31'],
      ['WA-END', 'WAL-END-1', '2029-03-10'],
    ] as const) {
      const record = await world.deps.cases.findByRef(ref);
      expect(record?.state.stage).toBe('expired');
      const last = (await world.deps.cases.history(record?.id ?? '')).at(-1);
      expect(last).toMatchObject({ type: 'certificate-expired', date: lapsedOn, recordedBy: 'certbell' });
      expect((await world.database.db.prisma.certificate.findFirst({ where: { certificateNo } }))?.status).toBe('expired');
      expect((await world.database.db.prisma.case.findFirst({ where: { ref } }))?.stage).toBe('expired');
      const audit = await world.database.db.prisma.auditEntry.findMany({ where: { subject: ref, actor: 'certbell' } });
      expect(audit.map((a) => a.action)).toEqual(['event.record']);
      expect(kinds(await owed(world, ref, '2029-03-31'))).toEqual([`certificate-lapsed applicant ${lapsedOn}`, `lapse-review staff ${lapsedOn}`]);
    }
    // The computed CNCE-NS expiry is flagged for staff; the printed 网安联 one is not. The renewal pending is named.
    const [cnLapse] = await owed(world, 'CN-END', '2029-03-31');
    expect(cnLapse?.explanation.notes?.map((n) => n.key)).toEqual(['expiry-computed']);
    const [waLapse] = await owed(world, 'WA-END', '2029-03-31');
    expect(waLapse?.explanation).toMatchObject({ key: 'certificate-lapsed-renewal-pending', params: { renewalAppliedOn: '2028-11-01' } });

    // Staff are told at once: the escalation each lapse-review calls for.
    const stored = [...(await owed(world, 'CN-END', '2029-03-31')), ...(await owed(world, 'WA-END', '2029-03-31'))];
    expect(escalationsDue(stored, '2029-03-31', { calendar: world.deps.calendar, pledgeEscalateDays: 31 }).map((e) => `${e.caseRef} ${e.kind}/${e.stage}`)).toEqual([
      'CN-END certificate-expired/expired',
      'WA-END certificate-expired/expired',
    ]);
    // The applicant is told: the sweep queues each lapse notice for the case's contact, once (the
    // sweep reads in case order, not by due date).
    const swept = await sweepReminders(world.deps, { asOf: '2029-03-31' });
    const lapseNotices = swept.reminders.filter((r) => r.kind === 'certificate-lapsed').map((r) => [r.caseRef, r.channel, r.address]);
    expect(lapseNotices.sort((a, b) => String(a[0]).localeCompare(String(b[0])))).toEqual([
      ['CN-END', 'email', 'cn-end@example.cn'],
      ['WA-END', 'email', 'wa-end@example.cn'],
    ]);
    expect((await sweepReminders(world.deps, { asOf: '2029-03-31' })).enqueued).toBe(0);
    // Told as news, not as a deadline.
    expect(await dispatchOutbox(world.deps, 'a')).toMatchObject({ sent: 2 });
    const told = world.email.delivered.find((m) => m.address === 'cn-end@example.cn');
    expect(told?.subject).toBe('【certbell】证书已到期失效（CN-END）');
    expect(told?.text).toContain('案件 CN-END：证书已到期失效（2029-03-31）。');
    expect(told?.text).toContain('证书 CNCE-NS-END-1 于 2029-03-30 到期且未换发新证，自 2029-03-31 起不再有效。');
    expect(told?.text).toContain('请工作人员根据证书原件核实');

    // Staff close the CNCE-NS case: nothing remains owed.
    expect((await recordEvent(world.deps, { ref: 'CN-END', event: { type: 'case-closed', date: '2029-03-31' } }, 'cli:test')).ok).toBe(true);
    expect(await owed(world, 'CN-END', '2029-03-31')).toEqual([]);
    // The renewal applied in time ends in a new 网安联 certificate after all: the case is certified again, and its
    // old certificate's row (expired 2029-03-09) is no longer looked at by the lapse.
    world.setNow(at('2029-04-02'));
    const renewed = await recordEvent(world.deps, { ref: 'WA-END', event: { type: 'certificate-issued', date: '2029-04-02', data: { certificateNo: 'WAL-END-2', expires: '2032-04-01' } } }, 'cli:test');
    expect(renewed.ok && renewed.value.state.stage).toBe('certified');
    expect(await lapses.lapsedBefore('2029-04-02')).toEqual([]);
    expect(kinds(await owed(world, 'WA-END', '2029-04-02'))).toEqual(['surveillance-info applicant 2030-01-02', 'surveillance-audit applicant 2030-04-02', 'renewal applicant 2032-01-01']);
  });
});
