// The rest of a 网安联 certificate's life (docs/rules.md WA-5, WA-8, WA-9, WA-15 … WA-17, "Expiry without
// renewal"; seed 002 §6.3, §7.2, §8), on real dates.
import { describe, expect, it } from 'vitest';
import { escalationsDue } from '../../../src/domain/escalations.js';
import { computeObligations } from '../../../src/domain/obligations.js';
import { defaultPolicy } from '../../../src/domain/policy.js';
import type { CaseState } from '../../../src/domain/case.js';
import { translator } from '../../../src/adapters/i18n/translator.js';
import { accept, calendar, ev, only, planOne, refusalOf, wal, walCertified } from './builders.js';

const escalations = (state: CaseState, asOf: string) =>
  escalationsDue(computeObligations([{ ref: 'R-1', organizationId: 'o', state }], { calendar, policy: defaultPolicy }), asOf, { calendar, pledgeEscalateDays: 31 }).map(
    (e) => `${e.kind}/${e.stage} ${e.rules.join(',')}`,
  );

describe('WA-5: the recertification year is the year the renewal falls due, expiry − 3 months (seed 002 §6.3.1)', () => {
  // Printed expiry 2029-01-09: the renewal application is due 2028-10-09, so 2028 is the recertification year
  // (not 2029, the expiry year).
  const issued = (audit: string) => walCertified('2026-01-10', [ev('surveillance-audit-completed', audit)], { expires: '2029-01-09', certificateNo: 'W-Y' });

  it('WA-5 worked example: after an audit on 2027-10-01 no audit is owed by 2028-12-31; the 15 months give 2029-01-01', () => {
    const next = only(planOne(issued('2027-10-01'), '2027-10-01'), 'surveillance-audit');
    expect(next).toMatchObject({
      dueOn: '2029-01-01',
      explanation: { key: 'surveillance-audit-15-months-recertification-year', params: { year: 2028, renewalDueOn: '2028-10-09', expiresOn: '2029-01-09' } },
    });
    expect(translator('en').explain(next.explanation)).toContain('2028 is the recertification year, the year the renewal application falls due (2028-10-09');
    expect(translator('zh-CN').explain(next.explanation)).toContain('2028 年为再认证年份，即换证申请到期（2028-10-09');
  });

  it('WA-5 worked example: after an audit on 2027-11-01 the next would fall past expiry (2029-02-01): recertification takes over', () => {
    expect(planOne(issued('2027-11-01'), '2027-11-01').map((o) => o.kind)).toEqual(['renewal']);
  });

  it('WA-5: the year before stays a calendar year: after an audit on 2026-12-15 the next is due by 2027-12-31', () => {
    expect(only(planOne(issued('2026-12-15'), '2026-12-15'), 'surveillance-audit')).toMatchObject({ dueOn: '2027-12-31', explanation: { key: 'surveillance-audit-calendar-year' } });
  });
});

describe('WA-9: late after the 3-month mark, lapsed only at expiry (seed 002 §7.2.1)', () => {
  it('WA-9 worked example: expiry 2029-03-09 → renewal due 2028-12-09; both dates said, in both languages', () => {
    const renewal = only(planOne(walCertified('2026-03-10', [], { expires: '2029-03-09' }), '2026-03-10'), 'renewal');
    expect(renewal).toMatchObject({ dueOn: '2028-12-09', explanation: { key: 'renewal-wa', params: { dueOn: '2028-12-09', expiresOn: '2029-03-09', months: 3 } } });
    const en = translator('en').explain(renewal.explanation);
    expect(en).toContain('due by 2028-12-09');
    expect(en).toContain('lapses only at expiry, on 2029-03-09');
    const zh = translator('zh-CN').explain(renewal.explanation);
    expect(zh).toContain('即 2028-12-09 前提交');
    expect(zh).toContain('到 2029-03-09 到期时才失效');
    expect(renewal.explanation.notes).toBeUndefined();
  });

  it('WA-9: with no printed expiry the renewal says the expiry (2029-03-09) is computed, and asks staff to confirm it', () => {
    const renewal = only(planOne(walCertified('2026-03-10'), '2026-03-10'), 'renewal');
    expect(renewal.explanation.notes).toEqual([{ key: 'expiry-computed', params: { expiresOn: '2029-03-09', issuedOn: '2026-03-10' } }]);
    expect(translator('zh-CN').explain(renewal.explanation)).toContain('系按本机构政策由签发日 2026-03-10 推算');
  });
});

describe('WA-17: recertification finished before expiry (seed 002 §8)', () => {
  const renewing = () => walCertified('2026-03-10', [ev('surveillance-audit-completed', '2027-03-05'), ev('surveillance-audit-completed', '2028-03-01'), ev('renewal-applied', '2028-11-01')], { expires: '2029-03-09' });

  it('WA-17 worked example: applied 2028-11-01 → staff owe the recertification by 2029-03-09; warned 2029-02-07 and 2029-03-02', () => {
    expect(only(planOne(renewing(), '2028-11-01'), 'recertification')).toMatchObject({ audience: 'staff', opensOn: '2028-11-01', dueOn: '2029-03-09', rules: ['WA-17', 'WA-9'] });
    expect(escalations(renewing(), '2029-02-06')).toEqual([]);
    expect(escalations(renewing(), '2029-02-07')).toEqual(['recertification/one-month WA-17,WA-9']);
    expect(escalations(renewing(), '2029-03-02')).toEqual(['recertification/one-week WA-17,WA-9']);
  });

  it('WA-17: the new certificate of 2029-03-01 ends it', () => {
    const reissued = accept(wal, renewing(), ev('certificate-issued', '2029-03-01', { certificateNo: 'W-2', expires: '2032-02-29' }));
    expect(planOne(reissued, '2029-03-01').map((o) => o.kind)).not.toContain('recertification');
  });
});

describe('WA-15: a scheduled surveillance audit brings the information forward (seed 002 §6.3.2, §6.3.3)', () => {
  // Issued 2026-03-10: the first audit is due 2027-03-10 (WA-4), its information 2026-12-10 (WA-8).
  const issued = () => walCertified('2026-03-10', [], { expires: '2029-03-09', certificateNo: 'W-S' });

  it('WA-15 worked example: audit fixed on 2026-09-01 for 2027-01-20 → information due 2026-10-20; the audit stays due 2027-03-10', () => {
    const scheduled = accept(wal, issued(), ev('surveillance-audit-scheduled', '2026-09-01', { scheduledFor: '2027-01-20' }));
    const owed = planOne(scheduled, '2026-09-01');
    expect(only(owed, 'surveillance-info')).toMatchObject({ dueOn: '2026-10-20', rules: ['WA-8', 'WA-15'], explanation: { key: 'surveillance-info-scheduled' } });
    expect(only(owed, 'surveillance-audit').dueOn).toBe('2027-03-10');
  });

  it('WA-15: a date fixed after the rule’s latest (2027-04-30) leaves the information due 2026-12-10', () => {
    const scheduled = accept(wal, issued(), ev('surveillance-audit-scheduled', '2026-09-01', { scheduledFor: '2027-04-30' }));
    expect(only(planOne(scheduled, '2026-09-01'), 'surveillance-info')).toMatchObject({ dueOn: '2026-12-10', rules: ['WA-8'] });
  });

  it('WA-15: the fixed date must be given and not lie in the past', () => {
    expect(refusalOf(wal, issued(), ev('surveillance-audit-scheduled', '2026-09-01')).code).toBe('event/missing-field');
    expect(refusalOf(wal, issued(), ev('surveillance-audit-scheduled', '2026-09-01', { scheduledFor: '2026-08-31' })).code).toBe('surveillance/date-not-after');
  });

  it('WA-15: a schedule of a past period does not bind the next one', () => {
    let state = accept(wal, issued(), ev('surveillance-audit-scheduled', '2026-09-01', { scheduledFor: '2027-01-20' }));
    state = accept(wal, state, ev('surveillance-audit-completed', '2027-01-20'));
    // 2027-01-20 + 15 months = 2028-04-20 (2028 is the recertification year: renewal due 2028-12-09); information 2028-01-20.
    expect(only(planOne(state, '2027-01-20'), 'surveillance-info')).toMatchObject({ dueOn: '2028-01-20', rules: ['WA-8'] });
  });
});

describe('WA-16: surveillance audit outcomes (seed 002 §6.3.5, §7.2.3)', () => {
  const issued = () => walCertified('2025-09-26', [], { expires: '2028-09-25', certificateNo: 'W-O' });

  it('WA-16: passed — the period closes and nothing else is owed', () => {
    const passed = accept(wal, issued(), ev('surveillance-audit-completed', '2026-09-25'));
    expect(planOne(passed, '2026-09-25').map((o) => o.kind).sort()).toEqual(['renewal', 'surveillance-audit', 'surveillance-info']);
  });

  it('WA-16 worked example: passed with nonconformities to close by 2026-11-30 → an applicant obligation, met by nonconformities-closed', () => {
    const found = accept(wal, issued(), ev('surveillance-audit-passed-with-nonconformities', '2026-09-25', { correctBy: '2026-11-30' }));
    expect(only(planOne(found, '2026-09-25'), 'nonconformity-correction')).toMatchObject({ audience: 'applicant', opensOn: '2026-09-25', dueOn: '2026-11-30', rules: ['WA-16'] });
    const closed = accept(wal, found, ev('nonconformities-closed', '2026-11-20'));
    expect(planOne(closed, '2026-11-20').map((o) => o.kind)).not.toContain('nonconformity-correction');
    expect(refusalOf(wal, issued(), ev('surveillance-audit-passed-with-nonconformities', '2026-09-25', { correctBy: '2026-09-25' })).code).toBe('surveillance/date-not-after');
  });

  it('WA-16 worked example: failed Fri 2026-09-25 → staff decide on suspension by 2026-10-15, 10 working days over National Day', () => {
    // Sep 28–30 (3), Oct 1–7 off, Oct 8–9 (5), Sat Oct 10 is a 调休 working day (6), Oct 12–15 (10).
    const failed = accept(wal, issued(), ev('surveillance-audit-failed', '2026-09-25'));
    expect(only(planOne(failed, '2026-09-25'), 'suspension-decision')).toMatchObject({ audience: 'staff', dueOn: '2026-10-15', rules: ['WA-16', 'WA-10'] });
    expect(escalations(failed, '2026-10-16')).toEqual(['suspension-decision/breach WA-16']);
    const suspended = accept(wal, failed, ev('certificate-suspended', '2026-10-12'));
    expect(planOne(suspended, '2026-10-12').map((o) => o.kind)).not.toContain('suspension-decision');
    const declined = accept(wal, failed, ev('suspension-declined', '2026-10-12'));
    expect(declined.stage).toBe('certified');
    expect(planOne(declined, '2026-10-12').map((o) => o.kind)).not.toContain('suspension-decision');
  });
});

describe('expiry without renewal: a 网安联 certificate lapses at expiry (seed 002 §7.2.1, §8 "自动失效")', () => {
  it('WA-9 worked example: expiry 2029-03-09, lapsed from 2029-03-10; a suspended certificate lapses too', () => {
    const certified = walCertified('2026-03-10', [], { expires: '2029-03-09', certificateNo: 'W-E' });
    expect(refusalOf(wal, certified, ev('certificate-expired', '2029-03-09')).code).toBe('certificate/not-expired');
    const expired = accept(wal, certified, ev('certificate-expired', '2029-03-10'));
    expect(expired.stage).toBe('expired');
    expect(wal.certificateStatus(expired.stage)).toBe('expired');
    expect(planOne(expired, '2029-03-10').map((o) => [o.kind, o.audience])).toEqual([
      ['certificate-lapsed', 'applicant'],
      ['lapse-review', 'staff'],
    ]);
    expect(escalations(expired, '2029-03-10')).toEqual(['certificate-expired/expired WA-9']);
    const suspended = accept(wal, certified, ev('certificate-suspended', '2029-01-05'));
    expect(accept(wal, suspended, ev('certificate-expired', '2029-03-10')).stage).toBe('expired');
  });
});
