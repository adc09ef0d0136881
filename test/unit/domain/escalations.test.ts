// Which escalations are due on a day, from the obligations a case owes (WA-4/5, WA-10/11/12, CN-6/7/9/12/13).
import { describe, expect, it } from 'vitest';
import { escalationKey, escalationsDue, superseded } from '../../../src/domain/escalations.js';
import { computeObligations } from '../../../src/domain/obligations.js';
import { defaultPolicy } from '../../../src/domain/policy.js';
import { calendar, cnceNs, ev, fold, wal } from './builders.js';
import type { CaseState } from '../../../src/domain/case.js';

const due = (state: CaseState, asOf: string, pledgeEscalateDays = 31) =>
  escalationsDue(computeObligations([{ ref: 'R-1', organizationId: 'o', state }], { calendar, policy: defaultPolicy }), asOf, { calendar, pledgeEscalateDays }).map(
    (e) => `${e.kind}/${e.stage} ${e.rules.join(',')}`,
  );

describe('escalationsDue', () => {
  const issued = fold(wal, [ev('certificate-issued', '2026-03-31', { certificateNo: 'WAL-1' })], { mode: 'history' });

  it('WA-4, WA-10: the first audit due 2027-03-31 is escalated from 2027-04-01; WA-12 at 6 months overdue, 2027-09-30', () => {
    expect(due(issued, '2027-03-31')).toEqual([]);
    expect(due(issued, '2027-04-01')).toEqual(['surveillance-overdue/overdue WA-4,WA-10,WA-12']);
    expect(due(issued, '2027-09-29')).toEqual(['surveillance-overdue/overdue WA-4,WA-10,WA-12']);
    expect(due(issued, '2027-09-30')).toEqual(['surveillance-overdue/revocation WA-12,WA-4,WA-10']);
  });

  it('WA-11, WA-12: a suspension of 2027-05-10 at 3 months (2027-08-10) and at its 6-month limit (2027-11-10)', () => {
    const suspended = fold(wal, [ev('certificate-issued', '2026-03-31', { certificateNo: 'WAL-1' }), ev('surveillance-audit-completed', '2027-03-20'), ev('certificate-suspended', '2027-05-10')], { mode: 'history' });
    expect(due(suspended, '2027-08-09')).toEqual([]);
    expect(due(suspended, '2027-08-10')).toEqual(['suspension/three-months WA-11,WA-12']);
    expect(due(suspended, '2027-11-10')).toEqual(['suspension/six-months WA-11,WA-12']);
  });

  it('CN-12, CN-13: only an overdue cnce-ns inspection, from the anniversary 2027-03-31 (its last day is the day before, seed 000 §五); CN-6 at 80% (2026-12-02) and at breach (2026-12-08)', () => {
    const certified = fold(cnceNs, [ev('certificate-issued', '2026-03-31', { certificateNo: 'CN-1' })], { mode: 'history' });
    expect(due(certified, '2027-03-30')).toEqual([]);
    expect(due(certified, '2027-03-31')).toEqual(['annual-inspection-overdue/overdue CN-12,CN-13']);
    const review = fold(cnceNs, [ev('materials-received', '2026-11-16')], { mode: 'history' });
    expect(due(review, '2026-12-01')).toEqual([]);
    expect(due(review, '2026-12-02')).toEqual(['material-review/warning CN-6']);
    expect(due(review, '2026-12-07')).toEqual(['material-review/warning CN-6']);
    expect(due(review, '2026-12-08')).toEqual(['material-review/breach CN-6']);
  });

  it('CN-9: the pledge after the notice ended 2026-10-20, escalated after the configured days', () => {
    const pledge = fold(cnceNs, [ev('expert-review-passed', '2026-09-15'), ev('notice-published', '2026-10-10'), ev('notice-ended', '2026-10-20')], { mode: 'history' });
    expect(due(pledge, '2026-11-19')).toEqual([]);
    expect(due(pledge, '2026-11-20')).toEqual(['pledge-not-returned/overdue CN-9']);
    expect(due(pledge, '2026-11-20', 45)).toEqual([]);
    expect(due(pledge, '2026-12-04', 45)).toEqual(['pledge-not-returned/overdue CN-9']);
  });

  it('keys an escalation by kind, case, occurrence and stage', () => {
    expect(escalationKey({ kind: 'material-review', caseRef: 'R-1', occurrence: '2026-11-16', stage: 'breach' })).toBe('material-review|R-1|2026-11-16|breach');
  });
});

describe('superseded', () => {
  const warning = { kind: 'material-review', caseRef: 'CN-1', occurrence: '1', stage: 'warning' } as const;
  it('CN-6: an 80% warning is superseded by the breach of the same review, not by another case or occurrence', () => {
    expect(superseded(warning, [warning])).toBe(false);
    expect(superseded(warning, [warning, { ...warning, stage: 'breach' }])).toBe(true);
    expect(superseded(warning, [{ ...warning, caseRef: 'CN-2', stage: 'breach' }])).toBe(false);
    expect(superseded(warning, [{ ...warning, occurrence: '2', stage: 'breach' }])).toBe(false);
    expect(superseded({ ...warning, stage: 'breach' }, [warning])).toBe(false);
  });
});
