// Planning many cases at once: statuses, the reminder horizon, ordering, audiences, and the
// confidentiality of one organisation's cases from another's (WA-14).
import { describe, expect, it } from 'vitest';
import { obligationStatus } from '../../../src/domain/obligations.js';
import { accept, bareObligation, cnCertified, cnceNs, ev, fold, plan, walCertified, wal, type PlanInput } from './builders.js';

const obligation = (opensOn: string | null, dueOn: string) => bareObligation('renewal', opensOn, dueOn, ['CN-14']);

describe('obligationStatus: upcoming before the window, open until the due date inclusive, overdue after', () => {
  it.each([
    ['2028-12-29', 'upcoming'],
    ['2028-12-30', 'open'],
    ['2029-03-30', 'open'],
    ['2029-03-31', 'overdue'],
  ])('CN-14 window 2028-12-30 … 2029-03-30 on %s: %s', (asOf, status) => {
    expect(obligationStatus(obligation('2028-12-30', '2029-03-30'), asOf)).toBe(status);
  });

  it('an obligation without a window is open until due, then overdue', () => {
    expect(obligationStatus(obligation(null, '2027-03-10'), '2026-03-10')).toBe('open');
    expect(obligationStatus(obligation(null, '2027-03-10'), '2027-03-11')).toBe('overdue');
  });
});

/**
 * A portfolio on Friday 2026-02-27:
 * - review:  CNCE-NS materials received Tue 2026-02-10 → CN-6 due 2026-03-09 (15 working days over Spring Festival,
 *            see cnce-ns.test.ts).
 * - pledge:  CNCE-NS notice ended 2026-01-15 → CN-9 pledge due 2026-01-15 + 30 = 2026-02-14, overdue.
 * - wal:     网安联 certificate issued 2025-05-31 → WA-4 first surveillance 2026-05-31; WA-8 information
 *            2026-05-31 − 3 months = 2026-02-31 → 2026-02-28; WA-9 renewal: expiry 2028-05-30 − 3 months → 2028-02-29.
 * - cert:    CNCE-NS certificate issued 2025-03-31 → CN-12 anniversary 2026-03-31, window from 2026-02-28
 *            to 2026-03-30, the day before the anniversary (upcoming on 2026-02-27); CN-14 renewal window 2027-12-30 … 2028-03-30.
 */
function portfolio(): PlanInput[] {
  return [
    { ref: 'review', organizationId: 'org-1', state: fold(cnceNs, [ev('materials-received', '2026-02-10')]) },
    { ref: 'pledge', organizationId: 'org-2', state: fold(cnceNs, [ev('notice-published', '2026-01-08'), ev('notice-ended', '2026-01-15')], { mode: 'history' }) },
    { ref: 'wal', organizationId: 'org-3', state: walCertified('2025-05-31', [], { certificateNo: 'WAL-3' }) },
    { ref: 'cert', organizationId: 'org-1', state: cnCertified('2025-03-31', { certificateNo: 'CN-1' }) },
  ];
}

describe('planObligations over several cases', () => {
  it('worked example: the whole portfolio on 2026-02-27, ordered by due date', () => {
    const planned = plan(portfolio(), '2026-02-27');
    expect(planned.map((o) => [o.dueOn, o.caseRef, o.kind, o.status])).toEqual([
      ['2026-02-14', 'pledge', 'pledge', 'overdue'],
      ['2026-02-28', 'wal', 'surveillance-info', 'open'],
      ['2026-03-09', 'review', 'material-review', 'open'],
      ['2026-03-30', 'cert', 'annual-inspection', 'upcoming'],
      ['2026-05-31', 'wal', 'surveillance-audit', 'open'],
      ['2028-02-29', 'wal', 'renewal', 'open'],
      ['2028-03-30', 'cert', 'renewal', 'upcoming'],
    ]);
    expect(planned.map((o) => o.scheme)).toEqual(['cnce-ns', 'wal', 'cnce-ns', 'cnce-ns', 'wal', 'wal', 'cnce-ns']);
  });

  it('worked example: withinDays 40 keeps what is overdue or due by 2026-04-08 (2026-02-27 + 40 days)', () => {
    // 2026-02-27 + 1 = 02-28, + 2 = 03-01, … + 32 = 03-31, + 40 = 04-08.
    const planned = plan(portfolio(), '2026-02-27', { withinDays: 40 });
    expect(planned.map((o) => [o.caseRef, o.kind])).toEqual([
      ['pledge', 'pledge'],
      ['wal', 'surveillance-info'],
      ['review', 'material-review'],
      ['cert', 'annual-inspection'],
    ]);
  });

  it('worked example: withinDays 0 on 2026-02-28 keeps only the overdue pledge and what is due that very day', () => {
    const planned = plan(portfolio(), '2026-02-28', { withinDays: 0 });
    expect(planned.map((o) => [o.caseRef, o.kind, o.status])).toEqual([
      ['pledge', 'pledge', 'overdue'],
      ['wal', 'surveillance-info', 'open'],
    ]);
  });

  it('staff-side deadlines (CN-6, CN-7) and escalations (WA-10/WA-12) go to staff; reminders go to applicants', () => {
    const feePaid = fold(cnceNs, [ev('materials-received', '2025-09-01'), ev('application-accepted', '2025-09-10'), ev('fee-paid', '2025-09-26')]);
    const planned = plan([...portfolio(), { ref: 'fee', state: feePaid }, { ref: 'late', state: walCertified('2025-01-10') }], '2026-02-27');
    const byKind = new Map(planned.map((o) => [o.kind, o.audience]));
    expect(Object.fromEntries(byKind)).toEqual({
      pledge: 'applicant',
      'surveillance-info': 'applicant',
      'material-review': 'staff',
      assessment: 'staff',
      'annual-inspection': 'applicant',
      'surveillance-audit': 'applicant',
      renewal: 'applicant',
      'revocation-review': 'staff',
    });
  });

  it('equal due dates are ordered by case ref, so the plan does not depend on input order', () => {
    const x = { ref: 'x', state: cnCertified('2026-03-31', { certificateNo: 'X' }) };
    const y = { ref: 'y', state: cnCertified('2026-03-31', { certificateNo: 'Y' }) };
    const forward = plan([x, y], '2026-04-01');
    expect(forward.map((o) => `${o.dueOn} ${o.caseRef} ${o.kind}`)).toEqual([
      '2027-03-30 x annual-inspection',
      '2027-03-30 y annual-inspection',
      '2029-03-30 x renewal',
      '2029-03-30 y renewal',
    ]);
    expect(plan([y, x], '2026-04-01')).toEqual(forward);
  });

  it('WA-6 ties only certificates of the same scheme: a CNCE-NS case of the same organisation changes nothing', () => {
    const cn = { ref: 'cn', organizationId: 'org-1', state: cnCertified('2025-01-10') };
    const w = { ref: 'w', organizationId: 'org-1', state: walCertified('2026-03-10') };
    expect(plan([cn, w], '2026-03-10').filter((o) => o.caseRef === 'w')).toEqual(plan([w], '2026-03-10'));
  });

  it('CN-12: an annual inspection not done by the day before the anniversary stays in the plan as overdue (escalated, never dropped)', () => {
    const planned = plan([{ ref: 'cert', state: cnCertified('2025-03-31') }], '2026-06-01');
    expect(planned.find((o) => o.kind === 'annual-inspection')).toMatchObject({ dueOn: '2026-03-30', status: 'overdue' });
  });
});

describe('WA-14: confidentiality — a plan sees only the cases it is given', () => {
  // Two organisations with look-alike certificates, one of them under both schemes.
  const org1: PlanInput[] = [
    { ref: 'o1-wal', organizationId: 'org-1', state: walCertified('2026-03-10', [], { certificateNo: 'WAL-ORG1' }) },
    { ref: 'o1-cn', organizationId: 'org-1', state: cnCertified('2026-03-31', { certificateNo: 'CN-ORG1' }) },
  ];
  const org2: PlanInput[] = [
    { ref: 'o2-wal-early', organizationId: 'org-2', state: walCertified('2025-06-01', [], { certificateNo: 'WAL-ORG2-EARLY' }) },
    { ref: 'o2-wal', organizationId: 'org-2', state: accept(wal, walCertified('2026-03-10', [], { certificateNo: 'WAL-ORG2' }), ev('major-change-reported', '2026-05-01')) },
  ];

  it("WA-14: planning one organisation's cases never yields obligations of another case's ref", () => {
    const planned = plan(org1, '2026-06-01');
    expect(planned.length).toBeGreaterThan(0);
    const refs = new Set(org1.map((c) => c.ref));
    for (const o of planned) expect(refs.has(o.caseRef), o.caseRef).toBe(true);
  });

  it("WA-14: planned together, one organisation's obligations are exactly what it gets alone — nothing of the other leaks into dates or explanations", () => {
    const together = plan([...org2, ...org1], '2026-06-01');
    const mine = together.filter((o) => o.caseRef.startsWith('o1-'));
    expect(mine).toEqual(plan(org1, '2026-06-01'));
    // Org 2's earlier certificate is a WA-6 lead for org 2 only; org 1's explanations never name it.
    const text = JSON.stringify(mine);
    for (const secret of ['WAL-ORG2', 'WAL-ORG2-EARLY', 'org-2', 'o2-', '2025-06-01', '2026-05-01']) expect(text).not.toContain(secret);
    // …while within org 2 the joint audit is explained by the lead's number.
    const o2 = together.find((o) => o.caseRef === 'o2-wal' && o.kind === 'surveillance-audit');
    expect(o2?.rules).toEqual(['WA-4', 'WA-6', 'WA-7']);
    expect(o2?.dueOn).toBe('2026-06-01');
  });
});
