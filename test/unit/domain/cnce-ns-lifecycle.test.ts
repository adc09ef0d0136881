// The rest of a CNCE-NS certificate's life (docs/rules.md CN-11 … CN-14, "Expiry without renewal"; seed
// 000 §五), on real dates: the decision a failed inspection asks of staff, every missed inspection year,
// the inspection's last day, a renewal applied before its window, and a certificate that lapses.
import { describe, expect, it } from 'vitest';
import { escalationsDue } from '../../../src/domain/escalations.js';
import { computeObligations } from '../../../src/domain/obligations.js';
import { defaultPolicy } from '../../../src/domain/policy.js';
import type { CaseState } from '../../../src/domain/case.js';
import { translator } from '../../../src/adapters/i18n/translator.js';
import { accept, calendar, cnCertified, cnceNs, ev, only, planOne, refusalOf } from './builders.js';

const escalations = (state: CaseState, asOf: string) =>
  escalationsDue(computeObligations([{ ref: 'R-1', organizationId: 'o', state }], { calendar, policy: defaultPolicy }), asOf, { calendar, pledgeEscalateDays: 31 }).map(
    (e) => `${e.kind}/${e.stage} ${e.rules.join(',')}`,
  );

describe('CN-13: a failed inspection asks staff for the downgrade-or-cancel decision (seed 000 §五)', () => {
  // Issued 2025-04-21: the 1st anniversary is 2026-04-21, so the inspection's last day is Mon 2026-04-20.
  const failed = () => accept(cnceNs, cnCertified('2025-04-21', { certificateNo: 'CN-D' }), ev('annual-inspection-failed', '2026-04-20'));

  it('CN-13 worked example: failed Mon 2026-04-20 → decision due 2026-05-13, 15 PRC working days over the May Day holiday', () => {
    // Apr 21–24 (4), Apr 27–30 (8), May 1–5 off, May 6–8 (11), Sat May 9 is a 调休 working day (12), May 11–13 (15).
    const decision = only(planOne(failed(), '2026-04-20'), 'inspection-decision');
    expect(decision).toMatchObject({
      audience: 'staff',
      rules: ['CN-13', 'CN-12'],
      dueOn: '2026-05-13',
      counting: 'working-days',
      occurrence: '2026-04-20',
      explanation: { key: 'inspection-decision', params: { failedOn: '2026-04-20', days: 15 } },
    });
  });

  it('CN-13: escalated like the other staff deadlines: warned at 80% on the 调休 Saturday 2026-05-09, breached on 2026-05-14', () => {
    const state = failed();
    expect(escalations(state, '2026-05-08')).toEqual([]);
    expect(escalations(state, '2026-05-09')).toEqual(['inspection-decision/warning CN-13']);
    expect(escalations(state, '2026-05-13')).toEqual(['inspection-decision/warning CN-13']);
    expect(escalations(state, '2026-05-14')).toEqual(['inspection-decision/breach CN-13']);
  });

  it.each([
    ['certificate-downgraded', 'certified'],
    ['certificate-cancelled', 'cancelled'],
    ['annual-inspection-passed', 'certified'],
  ])('CN-13: %s on 2026-05-06 ends the decision (stage %s)', (type, stage) => {
    const decided = accept(cnceNs, failed(), ev(type, '2026-05-06'));
    expect(decided.stage).toBe(stage);
    expect(planOne(decided, '2026-05-06').map((o) => o.kind)).not.toContain('inspection-decision');
    expect(cnceNs.events[type]?.decision || cnceNs.events[type]?.meets?.includes('inspection-decision')).toBe(true);
  });
});

describe('CN-12: the last day of an inspection window is the day before the anniversary (seed 000 §五)', () => {
  it('CN-12 worked example: issued 2026-03-01 → window 2027-02-01 … 2027-02-28, anniversary 2027-03-01; said in both languages', () => {
    const inspection = only(planOne(cnCertified('2026-03-01'), '2026-03-01'), 'annual-inspection');
    expect(inspection).toMatchObject({ opensOn: '2027-02-01', dueOn: '2027-02-28' });
    expect(translator('en').explain(inspection.explanation)).toContain('its last day is 2027-02-28, the day before the anniversary');
    expect(translator('zh-CN').explain(inspection.explanation)).toContain('最后一天为周年日前一天 2027-02-28');
  });
});

describe('CN-12: several missed inspection years are each shown, with the next window', () => {
  // Issued on leap day 2024-02-29: anniversaries 2025-02-28 and 2026-02-28, last days 2025-02-27 and 2026-02-27.
  const issued = () => cnCertified('2024-02-29', { certificateNo: 'CN-M', expires: '2027-02-27' });

  it('CN-12 worked example: before the 1st year is missed only it is shown; from 2025-02-28 the 2nd year and its window (from 2026-01-28) too', () => {
    expect(planOne(issued(), '2025-02-27').filter((o) => o.kind === 'annual-inspection').map((o) => o.occurrence)).toEqual(['CN-M#1']);
    const missedOne = planOne(issued(), '2025-02-28').filter((o) => o.kind === 'annual-inspection');
    expect(missedOne.map((o) => [o.occurrence, o.status, o.opensOn, o.dueOn])).toEqual([
      ['CN-M#1', 'overdue', '2025-01-28', '2025-02-27'],
      ['CN-M#2', 'upcoming', '2026-01-28', '2026-02-27'],
    ]);
  });

  it('CN-12 worked example: both years missed by 2026-03-02: both overdue, the 2nd names the 1st still owed, in both languages', () => {
    const missed = planOne(issued(), '2026-03-02').filter((o) => o.kind === 'annual-inspection');
    expect(missed.map((o) => [o.occurrence, o.status])).toEqual([
      ['CN-M#1', 'overdue'],
      ['CN-M#2', 'overdue'],
    ]);
    const second = missed[1]?.explanation;
    expect(second?.notes).toEqual([{ key: 'annual-inspection-also-owed', params: { count: 1, years: '1 (2025-02-27)' } }]);
    expect(translator('en').explain(second ?? { key: '', params: {} })).toContain('Still owed as well, for earlier inspection years (1): 1 (2025-02-27)');
    expect(translator('zh-CN').explain(second ?? { key: '', params: {} })).toContain('此外仍欠 1 个较早年度的年检：1 (2025-02-27)');
    // Each overdue year is escalated on its own.
    expect(escalations(issued(), '2026-03-02')).toEqual(['annual-inspection-overdue/overdue CN-12,CN-13', 'annual-inspection-overdue/overdue CN-12,CN-13']);
  });

  it('CN-12: a late pass on 2026-02-10, inside the 2nd window, settles both years (the register keeps only the latest)', () => {
    const passed = accept(cnceNs, issued(), ev('annual-inspection-passed', '2026-02-10'));
    expect(planOne(passed, '2026-02-10').filter((o) => o.kind === 'annual-inspection')).toEqual([]);
  });
});

describe('CN-14: a renewal applied for before its window is refused unless overridden', () => {
  // Issued 2026-03-31, expiry 2029-03-30 (CN-11): the window opens 2028-12-30.
  const certified = () => cnCertified('2026-03-31', { certificateNo: 'CN-W' });

  it('CN-14 worked example: renewal-applied on 2028-12-29 is refused with the window 2028-12-30 … 2029-03-30', () => {
    const refused = refusalOf(cnceNs, certified(), ev('renewal-applied', '2028-12-29'));
    expect(refused).toEqual({ code: 'renewal/before-window', params: { date: '2028-12-29', opensOn: '2028-12-30', expiresOn: '2029-03-30' } });
    expect(translator('en').error(refused)).toContain('from 2028-12-30 to 2029-03-30');
    expect(translator('zh-CN').error(refused)).toContain('2028-12-30 至 2029-03-30');
    expect(accept(cnceNs, certified(), ev('renewal-applied', '2028-12-30')).stage).toBe('renewal');
  });

  it('CN-14: with the explicit override the early application is recorded, and the flag stays in the event', () => {
    const early = ev('renewal-applied', '2028-06-01', { outsideWindow: true });
    expect(accept(cnceNs, certified(), early).stage).toBe('renewal');
    expect(early.data).toEqual({ outsideWindow: true });
  });
});

describe('CN-11: an expiry computed from the issue date is flagged as policy', () => {
  it('CN-11, CN-14: the renewal of a certificate with no printed expiry says the date is computed and asks staff to confirm it', () => {
    const renewal = only(planOne(cnCertified('2026-03-31'), '2026-03-31'), 'renewal');
    expect(renewal.explanation.notes).toEqual([{ key: 'expiry-computed', params: { expiresOn: '2029-03-30', issuedOn: '2026-03-31' } }]);
    expect(translator('en').explain(renewal.explanation)).toContain("computed from the issue date 2026-03-31 under this body's policy. Staff: please confirm it from the certificate.");
    expect(translator('zh-CN').explain(renewal.explanation)).toContain('请工作人员根据证书原件核实');
    const printed = only(planOne(cnCertified('2026-03-31', { expires: '2029-03-30' }), '2026-03-31'), 'renewal');
    expect(printed.explanation.notes).toBeUndefined();
  });
});

describe('expiry without renewal: a CNCE-NS certificate lapses at expiry (seed 000 §五)', () => {
  // Issued 2026-03-31, no printed expiry: 2029-03-30 (CN-11 [policy]); lapsed from 2029-03-31.
  const certified = () => {
    let state = cnCertified('2026-03-31', { certificateNo: 'CN-E' });
    state = accept(cnceNs, state, ev('annual-inspection-passed', '2027-03-10'));
    return accept(cnceNs, state, ev('annual-inspection-passed', '2028-03-15'));
  };

  it('CN-11, CN-14: certificate-expired cannot be recorded while the certificate is valid (2029-03-30)', () => {
    expect(refusalOf(cnceNs, certified(), ev('certificate-expired', '2029-03-30'))).toEqual({
      code: 'certificate/not-expired',
      params: { event: 'certificate-expired', expiresOn: '2029-03-30', lapsesOn: '2029-03-31' },
    });
  });

  it('CN-11, CN-14 worked example: lapsed on 2029-03-31 → stage expired, renewal closed, applicant told once, staff escalated at once', () => {
    const expired = accept(cnceNs, certified(), ev('certificate-expired', '2029-03-31'));
    expect(expired.stage).toBe('expired');
    expect(cnceNs.certificateStatus(expired.stage)).toBe('expired');
    const owed = planOne(expired, '2029-03-31');
    expect(owed.map((o) => [o.kind, o.audience, o.opensOn, o.dueOn])).toEqual([
      ['certificate-lapsed', 'applicant', '2029-03-31', '2029-03-31'],
      ['lapse-review', 'staff', '2029-03-31', '2029-03-31'],
    ]);
    // The expiry was computed: the staff and applicant explanations say so.
    expect(owed[0]?.explanation.notes?.map((n) => n.key)).toEqual(['expiry-computed']);
    expect(escalations(expired, '2029-03-31')).toEqual(['certificate-expired/expired CN-11,CN-14']);
    expect(translator('en').explain(owed[0]?.explanation ?? { key: '', params: {} })).toContain('expired on 2029-03-30 without a new one: it is no longer valid from 2029-03-31');
  });

  it('CN-11: staff close the case (terminal, nothing owed); a new certificate is refused without a renewal application', () => {
    const expired = accept(cnceNs, certified(), ev('certificate-expired', '2029-03-31'));
    expect(refusalOf(cnceNs, expired, ev('certificate-issued', '2029-04-10', { certificateNo: 'CN-E2' })).code).toBe('certificate/lapsed-without-renewal');
    const closed = accept(cnceNs, expired, ev('case-closed', '2029-04-02'));
    expect(closed.stage).toBe('closed');
    expect(planOne(closed, '2029-04-02')).toEqual([]);
  });

  it('CN-14: a renewal applied on 2029-01-10 but not finished by expiry lapses too, and its new certificate of 2029-04-20 restores the case', () => {
    const renewing = accept(cnceNs, certified(), ev('renewal-applied', '2029-01-10'));
    const expired = accept(cnceNs, renewing, ev('certificate-expired', '2029-03-31'));
    expect(only(planOne(expired, '2029-03-31'), 'lapse-review').explanation.key).toBe('certificate-lapsed-renewal-pending');
    const renewed = accept(cnceNs, expired, ev('certificate-issued', '2029-04-20', { certificateNo: 'CN-E2', expires: '2032-04-19' }));
    expect(renewed.stage).toBe('certified');
    expect(planOne(renewed, '2029-04-20').map((o) => o.kind)).toEqual(['annual-inspection', 'renewal']);
  });
});
