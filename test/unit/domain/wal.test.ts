// The 网安联 scheme against docs/rules.md WA-1 … WA-13, with worked examples on real dates
// (WA-14 is proved where cases are planned together, in obligations.test.ts).
// Month arithmetic follows PRC Civil Code Art. 202: same day n months later, or the month's last day.
import { describe, expect, it } from 'vitest';
import { stageOf } from '../../../src/domain/schemes/scheme.js';
import { accept, ev, fold, only, plan, planOne, refusalOf, start, wal, walCertified, walLivePath, stagesAlong } from './builders.js';

const livePath = walLivePath({
  submitted: '2025-11-03',
  reviewed: '2025-11-17',
  programme: '2025-11-24',
  documentAudit: '2025-12-15',
  onsiteAudit: '2026-01-20',
  granted: '2026-02-27',
  issued: '2026-03-10',
  certificateNo: 'WAL-2026-0310',
});

describe('WA-1: four levels', () => {
  it('WA-1: levels 1 (lowest) to 4 (highest)', () => {
    expect(wal.levels).toEqual([1, 2, 3, 4]);
  });
});

describe('WA-2: who may apply', () => {
  it('WA-2: the application-review stage and the application events cite the eligibility rule', () => {
    expect(stageOf(wal, 'application-review').rules).toContain('WA-2');
    expect(wal.events['application-submitted']?.rules).toContain('WA-2');
    expect(wal.events['application-reviewed']?.rules).toContain('WA-2');
  });

  it('WA-2: an ineligible applicant is refused at application review, citing WA-2', () => {
    expect(wal.events['certification-refused']?.rules).toContain('WA-2');
    const state = fold(wal, [ev('application-submitted', '2025-11-03'), ev('certification-refused', '2025-11-17')]);
    expect(state.stage).toBe('refused');
  });
});

describe('WA-3: stages, and a refusal ends the case', () => {
  it('WA-3: application → review → programme → document audit → on-site audit → decision → certified', () => {
    const stages = stagesAlong(wal, livePath);
    expect(stages).toEqual([
      'application-review',
      'audit-programme',
      'document-audit',
      'onsite-audit',
      'evaluation-decision',
      'certificate-pending',
      'certified',
    ]);
    const orders = ['application', ...stages].map((id) => stageOf(wal, id).order);
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
  });

  it('WA-3: a negative decision is terminal; nothing more can be recorded and nothing is owed', () => {
    const refused = fold(wal, [...livePath.slice(0, 5), ev('certification-refused', '2026-02-27')]);
    expect(refused.stage).toBe('refused');
    expect(stageOf(wal, 'refused')).toMatchObject({ terminal: true, rules: ['WA-3'] });
    expect(planOne(refused, '2026-03-01')).toEqual([]);
    expect(refusalOf(wal, refused, ev('certification-granted', '2026-03-01')).code).toBe('case/closed');
  });

  it('WA-3: the applicant may apply again — as a new case, which starts from the beginning', () => {
    const again = accept(wal, start(wal), ev('application-submitted', '2026-04-01'));
    expect(again.stage).toBe('application-review');
  });
});

describe('WA-4: first surveillance audit within 12 months of issue', () => {
  it('WA-4 worked example: issued 2026-03-10 (recorded live) → first surveillance due 2027-03-10', () => {
    // 2026-03-10 + 12 months = 2027-03-10.
    const state = fold(wal, livePath);
    expect(only(planOne(state, '2026-03-10'), 'surveillance-audit')).toMatchObject({
      dueOn: '2027-03-10',
      rules: ['WA-4'],
      audience: 'applicant',
      opensOn: null,
      occurrence: 'WAL-2026-0310@2026-03-10#0',
    });
  });

  it('WA-4 worked example: issued on leap day 2024-02-29 → first surveillance due 2025-02-28', () => {
    // 2024-02-29 + 12 months → 2025 has no 29 February → month end 2025-02-28.
    expect(only(planOne(walCertified('2024-02-29'), '2024-02-29'), 'surveillance-audit').dueOn).toBe('2025-02-28');
  });
});

describe('WA-5: once every calendar year, never more than 15 months apart', () => {
  it.each([
    // Issued 2026-03-16 (expires 2029-03-15, renewal due 2028-12-15, so 2028 is the recertification year, WA-5).
    // Audit 2027-03-15: + 15 months = 2028-06-15, the only limit in the recertification year.
    ['2026-03-16', '2027-03-15', '2028-06-15', 'surveillance-audit-15-months-recertification-year'],
    // Issued 2026-12-01 (expires 2029-11-30). Audit 2027-11-20: + 15 months = 2029-02-20, but 2028 must have its own
    // audit → 2028-12-31 (the calendar-year rule binds).
    ['2026-12-01', '2027-11-20', '2028-12-31', 'surveillance-audit-calendar-year'],
    // Issued 2026-10-01 (expires 2029-09-30). Audit 2027-09-30: + 15 months = 2028-12-30, one day before 2028-12-31.
    ['2026-10-01', '2027-09-30', '2028-12-30', 'surveillance-audit-15-months'],
    // Same certificate, audit 2027-10-01: + 15 months = 2029-01-01, after 2028-12-31 → 2028-12-31.
    ['2026-10-01', '2027-10-01', '2028-12-31', 'surveillance-audit-calendar-year'],
  ])('WA-5 worked example: issued %s, last audit %s → next due %s', (issued, audit, due, key) => {
    const state = walCertified(issued, [ev('surveillance-audit-completed', audit)]);
    const next = only(planOne(state, audit), 'surveillance-audit');
    expect(next).toMatchObject({ dueOn: due, rules: ['WA-5'], explanation: { key } });
  });

  it('WA-5 worked example: two audits in one calendar year (2027-10-15, 2027-11-20) both owe the next by 2028-12-31', () => {
    // Issued 2026-12-01 (expires 2029-11-30). 2027-10-15 + 15 months = 2029-01-15 → 2028-12-31 binds.
    // 2027-11-20 + 15 months = 2029-02-20 → 2028-12-31 binds again: the due date does not move, but the period does.
    const once = walCertified('2026-12-01', [ev('surveillance-audit-completed', '2027-10-15')], { certificateNo: 'W' });
    const twice = accept(wal, once, ev('surveillance-audit-completed', '2027-11-20'));
    expect(only(planOne(once, '2027-10-15'), 'surveillance-audit')).toMatchObject({ dueOn: '2028-12-31', occurrence: 'W@2027-10-15#1' });
    expect(only(planOne(twice, '2027-11-20'), 'surveillance-audit')).toMatchObject({ dueOn: '2028-12-31', occurrence: 'W@2027-11-20#2' });
  });

  it('WA-5 worked example: in the recertification (expiry) year the calendar-year rule is waived and only the 15-month limit applies', () => {
    // Issued 2026-01-01 → expires 2028-12-31, so 2028 is the recertification year.
    // Audit 2026-12-15: next year 2027 is not the expiry year → min(2028-03-15, 2027-12-31) = 2027-12-31.
    const first = walCertified('2026-01-01', [ev('surveillance-audit-completed', '2026-12-15')]);
    expect(only(planOne(first, '2026-12-15'), 'surveillance-audit').dueOn).toBe('2027-12-31');
    // Audit 2027-06-10: next year 2028 is the expiry year → no "by 2028-12-31"; 2027-06-10 + 15 months = 2028-09-10,
    // which is before the expiry → due 2028-09-10, explained as the recertification year.
    const second = accept(wal, first, ev('surveillance-audit-completed', '2027-06-10'));
    expect(only(planOne(second, '2027-06-10'), 'surveillance-audit')).toMatchObject({
      dueOn: '2028-09-10',
      rules: ['WA-5'],
      explanation: { key: 'surveillance-audit-15-months-recertification-year', params: { year: 2028 } },
    });
  });

  it('WA-5 worked example: nothing is due past expiry — issued 2026-01-01 (expires 2028-12-31), audit 2027-10-20 owes no further surveillance', () => {
    // Without the waiver the calendar-year rule would say 2028-12-31; 2028 is the expiry year, so it is waived, and
    // 2027-10-20 + 15 months = 2029-01-20 is after the expiry: recertification (WA-9) takes over.
    const state = walCertified('2026-01-01', [ev('surveillance-audit-completed', '2026-12-15'), ev('surveillance-audit-completed', '2027-10-20')]);
    const obligations = planOne(state, '2027-10-20');
    expect(obligations.map((o) => o.kind)).toEqual(['renewal']);
    // Renewal: 2028-12-31 − 3 months = 2028-09-30 (no 31 September).
    expect(only(obligations, 'renewal').dueOn).toBe('2028-09-30');
  });
});

describe('WA-6: several certificates of one organisation are surveilled on the earliest issue date', () => {
  it('WA-6 worked example: B audited on its own (2027-06-01) while A is late is not shown overdue by A\'s past date', () => {
    // A issued 2026-03-10, never audited: due 2027-03-10 and late by 2027-06-02. B issued 2026-09-01 and audited
    // alone on 2027-06-01: its own next date is min(2028-09-01, 2028-12-31) = 2028-09-01. A's date lies before
    // B's audit, so it does not bind B; A's own obligation stays overdue.
    const a = walCertified('2026-03-10', [], { certificateNo: 'A' });
    const b = walCertified('2026-09-01', [ev('surveillance-audit-completed', '2027-06-01')], { certificateNo: 'B' });
    const obligations = plan([{ ref: 'A', organizationId: 'org', state: a }, { ref: 'B', organizationId: 'org', state: b }], '2027-06-02');
    const audits = obligations.filter((o) => o.kind === 'surveillance-audit').map((o) => [o.caseRef, o.dueOn, o.status]);
    expect(audits).toEqual([
      ['A', '2027-03-10', 'overdue'],
      ['B', '2028-09-01', 'open'],
    ]);
  });

  it('WA-5: an audit on the issue day opens a new surveillance period with its own id', () => {
    // Issued and audited on 2026-03-10: the first period (WA-4) is met; the next period also starts 2026-03-10.
    const issued = walCertified('2026-03-10', [], { certificateNo: 'S' });
    const audited = accept(wal, issued, ev('surveillance-audit-completed', '2026-03-10'));
    const before = only(planOne(issued, '2026-03-10'), 'surveillance-audit');
    const after = only(planOne(audited, '2026-03-10'), 'surveillance-audit');
    expect([before.occurrence, before.dueOn]).toEqual(['S@2026-03-10#0', '2027-03-10']);
    // 2026-03-10 + 15 months = 2027-06-10, before 2027-12-31.
    expect([after.occurrence, after.dueOn]).toEqual(['S@2026-03-10#1', '2027-06-10']);
  });

  const a = () => walCertified('2026-03-10', [], { certificateNo: 'WAL-A' });
  const b = () => walCertified('2026-09-01', [], { certificateNo: 'WAL-B' });

  it('WA-6 worked example: B issued 2026-09-01 alone is due 2027-09-01; beside A (issued 2026-03-10) it is due with A on 2027-03-10', () => {
    // B on its own: 2026-09-01 + 12 months = 2027-09-01 (WA-4).
    expect(only(plan([{ ref: 'B', organizationId: 'org-2', state: b() }], '2026-09-01'), 'surveillance-audit').dueOn).toBe('2027-09-01');
    // With A: A is the lead (earliest issue), due 2026-03-10 + 12 months = 2027-03-10; B is due no later than that.
    const planned = plan(
      [
        { ref: 'A', organizationId: 'org-1', state: a() },
        { ref: 'B', organizationId: 'org-1', state: b() },
      ],
      '2026-09-01',
    );
    const auditA = planned.find((o) => o.caseRef === 'A' && o.kind === 'surveillance-audit');
    const auditB = planned.find((o) => o.caseRef === 'B' && o.kind === 'surveillance-audit');
    expect(auditA).toMatchObject({ dueOn: '2027-03-10', rules: ['WA-4'] });
    expect(auditB).toMatchObject({ dueOn: '2027-03-10', rules: ['WA-4', 'WA-6'] });
    expect(auditB?.explanation.notes).toEqual([{ key: 'surveillance-audit-joint', params: { leadCertificateNo: 'WAL-A', leadIssuedOn: '2026-03-10' } }]);
  });

  it('WA-6 worked example: a joint audit recorded on A (2027-03-05) counts for B; both are next due 2028-06-05', () => {
    // A: 2027-03-05 + 15 months = 2028-06-05, earlier than 2028-12-31. B counts the same audit (after B's issue date):
    // 2028-06-05, and 2028 is not B's expiry year (2029-08-31).
    const audited = accept(wal, a(), ev('surveillance-audit-completed', '2027-03-05'));
    const planned = plan(
      [
        { ref: 'A', organizationId: 'org-1', state: audited },
        { ref: 'B', organizationId: 'org-1', state: b() },
      ],
      '2027-03-05',
    );
    expect(planned.filter((o) => o.kind === 'surveillance-audit').map((o) => [o.caseRef, o.dueOn, o.rules])).toEqual([
      ['A', '2028-06-05', ['WA-5']],
      ['B', '2028-06-05', ['WA-5', 'WA-6']],
    ]);
  });

  it('WA-6 worked example: an audit of A before B existed (2026-08-01) does not count for B, which stays due 2027-09-01', () => {
    // A: 2026-08-01 + 15 months = 2027-11-01 (earlier than 2027-12-31). B: the audit predates B's issue, so B's own
    // first surveillance applies, 2027-09-01, which is earlier than A's 2027-11-01.
    const audited = accept(wal, a(), ev('surveillance-audit-completed', '2026-08-01'));
    const planned = plan(
      [
        { ref: 'A', organizationId: 'org-1', state: audited },
        { ref: 'B', organizationId: 'org-1', state: b() },
      ],
      '2026-09-01',
    );
    expect(planned.filter((o) => o.kind === 'surveillance-audit').map((o) => [o.caseRef, o.dueOn])).toEqual([
      ['B', '2027-09-01'],
      ['A', '2027-11-01'],
    ]);
  });
});

describe('WA-7: heightened surveillance after a major change or a complaint', () => {
  // A printed expiry: the notes below are WA-7's alone (a computed one would add a note asking staff to confirm it).
  const audited = () => walCertified('2026-03-16', [ev('surveillance-audit-completed', '2027-03-15')], { certificateNo: 'WAL-7', expires: '2029-03-15' });

  it('WA-7 worked example: a major change on 2027-05-10 flags the audit due 2028-06-15 for staff attention without moving it', () => {
    const state = accept(wal, audited(), ev('major-change-reported', '2027-05-10'));
    const audit = only(planOne(state, '2027-05-10'), 'surveillance-audit');
    expect(audit.dueOn).toBe('2028-06-15');
    expect(audit.rules).toEqual(['WA-5', 'WA-7']);
    expect(audit.explanation.notes).toEqual([{ key: 'surveillance-heightened-change', params: { on: '2027-05-10' } }]);
  });

  it('WA-7: a complaint flags it too', () => {
    const state = accept(wal, audited(), ev('complaint-received', '2027-06-01'));
    expect(only(planOne(state, '2027-06-01'), 'surveillance-audit').explanation.notes).toEqual([
      { key: 'surveillance-heightened-complaint', params: { on: '2027-06-01' } },
    ]);
  });

  it('WA-7: a change already looked at by a later audit no longer flags anything', () => {
    const state = walCertified('2026-03-16', [ev('major-change-reported', '2027-02-01'), ev('surveillance-audit-completed', '2027-03-15')], { expires: '2029-03-15' });
    const audit = only(planOne(state, '2027-03-15'), 'surveillance-audit');
    expect(audit.rules).toEqual(['WA-5']);
    expect(audit.explanation.notes).toBeUndefined();
  });
});

describe('WA-8: surveillance information 3 months before the audit', () => {
  it.each([
    // Audit due 2027-03-10 (WA-4) − 3 months → 2026-12-10.
    ['2026-03-10', [], '2027-03-10', '2026-12-10'],
    // Issued 2026-05-31 → audit due 2027-05-31; − 3 months → 2027-02-31 does not exist → 2027-02-28.
    ['2026-05-31', [], '2027-05-31', '2027-02-28'],
    // Issued 2026-12-01, audit 2027-11-20 → next due 2028-12-31 (WA-5); − 3 months → 2028-09-31 → 2028-09-30.
    ['2026-12-01', ['2027-11-20'], '2028-12-31', '2028-09-30'],
  ])('WA-8 worked example: issued %s, audits %j → audit due %s, information due %s', (issued, audits, auditDue, infoDue) => {
    const state = walCertified(issued, audits.map((d) => ev('surveillance-audit-completed', d)));
    const obligations = planOne(state, audits[0] ?? issued);
    expect(only(obligations, 'surveillance-audit').dueOn).toBe(auditDue);
    expect(only(obligations, 'surveillance-info')).toMatchObject({ dueOn: infoDue, rules: ['WA-8'], audience: 'applicant' });
  });

  it('WA-8 worked example: the information reminder is gone once submitted, and returns for the next period after the audit', () => {
    let state = walCertified('2026-03-10');
    state = accept(wal, state, ev('surveillance-info-submitted', '2026-12-01'));
    let obligations = planOne(state, '2026-12-01');
    expect(obligations.filter((o) => o.kind === 'surveillance-info')).toEqual([]);
    expect(only(obligations, 'surveillance-audit').dueOn).toBe('2027-03-10');
    // Audit 2027-03-05 → next audit 2028-06-05 (15 months) → information due 2028-03-05.
    state = accept(wal, state, ev('surveillance-audit-completed', '2027-03-05'));
    obligations = planOne(state, '2027-03-05');
    expect(only(obligations, 'surveillance-info').dueOn).toBe('2028-03-05');
  });
});

describe('WA-9: 3-year validity, renewal at least 3 months before expiry', () => {
  it.each([
    // Expiry 2026-03-10 + 3 years − 1 day = 2029-03-09; − 3 months → 2028-12-09.
    ['2026-03-10', '2029-03-09', '2028-12-09'],
    // Expiry 2028-05-30; − 3 months → 2028-02-30 does not exist; 2028 is a leap year → 2028-02-29.
    ['2025-05-31', '2028-05-30', '2028-02-29'],
  ])('WA-9 worked example: issued %s → expires %s → renewal due %s', (issued, expires, due) => {
    const state = walCertified(issued);
    expect(state.certificate?.expiresOn).toBe(expires);
    expect(only(planOne(state, issued), 'renewal')).toMatchObject({ dueOn: due, rules: ['WA-9'], audience: 'applicant', opensOn: null });
  });

  it('WA-9, WA-17 worked example: after the renewal application only staff owe the recertification, by the expiry 2029-03-09; the new certificate of 2029-03-01 starts a new cycle', () => {
    let state = walCertified('2026-03-10', [
      ev('surveillance-audit-completed', '2027-03-05'),
      ev('surveillance-audit-completed', '2028-03-01'),
      ev('renewal-applied', '2028-11-01'),
    ]);
    expect(state.stage).toBe('recertification');
    expect(planOne(state, '2028-11-01').map((o) => [o.kind, o.audience, o.opensOn, o.dueOn])).toEqual([['recertification', 'staff', '2028-11-01', '2029-03-09']]);
    state = accept(wal, state, ev('certificate-issued', '2029-03-01', { certificateNo: 'WAL-R2' }));
    // 2029-03-01 + 3 years = 2032-03-01, − 1 day = 2032-02-29 (leap year); renewal − 3 months → 2031-11-29;
    // first surveillance 2029-03-01 + 12 months = 2030-03-01 (WA-4 again, earlier audits forgotten).
    const obligations = planOne(state, '2029-03-01');
    expect(state.certificate?.expiresOn).toBe('2032-02-29');
    expect(only(obligations, 'surveillance-audit')).toMatchObject({ dueOn: '2030-03-01', rules: ['WA-4'] });
    expect(only(obligations, 'renewal').dueOn).toBe('2031-11-29');
  });
});

describe('WA-10 / WA-12: an overdue surveillance audit is escalated for suspension and revocation', () => {
  it('WA-10 / WA-12 worked example: audit due 2027-03-10; from 2027-03-11 staff see a revocation review due 2027-09-10', () => {
    const state = walCertified('2026-03-10');
    // On the due date itself the audit is not yet overdue: nothing for staff.
    const onTime = planOne(state, '2027-03-10');
    expect(onTime.filter((o) => o.kind === 'revocation-review')).toEqual([]);
    expect(only(onTime, 'surveillance-audit').status).toBe('open');
    // One day late: 2027-03-10 + 6 months = 2027-09-10.
    const late = planOne(state, '2027-03-11');
    expect(only(late, 'surveillance-audit').status).toBe('overdue');
    expect(only(late, 'revocation-review')).toMatchObject({
      opensOn: '2027-03-11',
      dueOn: '2027-09-10',
      rules: ['WA-12', 'WA-10'],
      audience: 'staff',
      status: 'open',
    });
    expect(only(planOne(state, '2027-09-11'), 'revocation-review').status).toBe('overdue');
    // The product proposes; it never decides: planning leaves the case certified.
    expect(state.stage).toBe('certified');
  });

  it('WA-12 worked example: audit due 2027-08-31 → 6 months overdue on 2028-02-29 (leap year month end)', () => {
    // Issued 2026-08-31 → audit due 2027-08-31; + 6 months → 2028-02-31 → 2028-02-29.
    const review = only(planOne(walCertified('2026-08-31'), '2027-09-15'), 'revocation-review');
    expect(review).toMatchObject({ opensOn: '2027-09-01', dueOn: '2028-02-29' });
  });

  it('WA-10 / WA-12: a late audit, once recorded, clears the escalation', () => {
    const state = walCertified('2026-03-10', [ev('surveillance-audit-completed', '2027-04-20')]);
    expect(planOne(state, '2027-04-20').filter((o) => o.kind === 'revocation-review')).toEqual([]);
  });

  it('WA-12: revocation is a staff action that closes the case', () => {
    const revoked = walCertified('2026-03-10', [ev('certificate-revoked', '2027-09-12')]);
    expect(revoked.stage).toBe('revoked');
    expect(stageOf(wal, 'revoked')).toMatchObject({ terminal: true, rules: ['WA-12'] });
    expect(planOne(revoked, '2027-09-12')).toEqual([]);
  });
});

describe('WA-11: a suspension lasts normally 3 and at most 6 months', () => {
  it.each([
    // 2027-04-15 + 3 months = 2027-07-15; + 6 months = 2027-10-15.
    ['2027-04-15', '2027-07-15', '2027-10-15'],
    // 2027-08-31 + 3 months → 2027-11-31 → 2027-11-30; + 6 months → 2028-02-31 → 2028-02-29.
    ['2027-08-31', '2027-11-30', '2028-02-29'],
  ])('WA-11 worked example: suspended %s → end opens %s, due at the latest %s', (suspended, opens, due) => {
    const state = walCertified('2026-03-10', [ev('surveillance-audit-completed', '2027-03-05'), ev('certificate-suspended', suspended)]);
    expect(state.stage).toBe('suspended');
    expect(wal.events['certificate-suspended']?.rules).toEqual(['WA-10', 'WA-11']);
    expect(only(planOne(state, suspended), 'suspension-end')).toMatchObject({
      opensOn: opens,
      dueOn: due,
      rules: ['WA-11', 'WA-12'],
      audience: 'staff',
      status: 'upcoming',
    });
  });
});

describe('WA-13: restore or cancel', () => {
  const suspended = () => walCertified('2026-03-10', [ev('surveillance-audit-completed', '2027-03-05'), ev('certificate-suspended', '2027-04-15')]);

  it('WA-13: a restored certificate is certified again and the suspension deadline disappears', () => {
    const state = accept(wal, suspended(), ev('certificate-restored', '2027-06-01'));
    expect(state.stage).toBe('certified');
    const obligations = planOne(state, '2027-06-01');
    expect(obligations.filter((o) => o.kind === 'suspension-end')).toEqual([]);
    // Surveillance carries on from the last audit: 2027-03-05 + 15 months = 2028-06-05.
    expect(only(obligations, 'surveillance-audit').dueOn).toBe('2028-06-05');
  });

  it('WA-13: a voluntary cancellation closes the case', () => {
    const state = accept(wal, suspended(), ev('certificate-cancelled', '2027-06-01'));
    expect(state.stage).toBe('cancelled');
    expect(stageOf(wal, 'cancelled')).toMatchObject({ terminal: true, rules: ['WA-13'] });
    expect(planOne(state, '2027-06-01')).toEqual([]);
    expect(refusalOf(wal, state, ev('certificate-restored', '2027-06-02')).code).toBe('case/closed');
  });

  it('WA-13: only a suspended certificate can be restored', () => {
    expect(refusalOf(wal, walCertified('2026-03-10'), ev('certificate-restored', '2026-06-01')).code).toBe('event/illegal-in-stage');
  });
});

describe('recertification keeps surveillance (seed 002 §6.3.1, §7.2.1)', () => {
  it('WA-4, WA-8, WA-9: a renewal applied early, 2026-06-01, leaves the first audit due 2026-09-10 and its information due 2026-06-10 owed until the new certificate', () => {
    const issued = fold(wal, [ev('certificate-issued', '2025-09-10', { certificateNo: 'WAL-R', expires: '2026-12-31' })], { mode: 'history' });
    const renewing = accept(wal, issued, ev('renewal-applied', '2026-06-01'));
    expect(renewing.stage).toBe('recertification');
    const owed = planOne(renewing, '2026-06-01').map((o) => [o.kind, o.dueOn]);
    expect(owed).toEqual([
      ['surveillance-info', '2026-06-10'],
      ['surveillance-audit', '2026-09-10'],
      ['recertification', '2026-12-31'],
    ]);
    // The audit is recorded during recertification, and the new certificate starts a new cycle.
    const audited = accept(wal, renewing, ev('surveillance-audit-completed', '2026-08-20'));
    expect(planOne(audited, '2026-08-20').map((o) => o.kind)).not.toContain('surveillance-audit');
    const reissued = accept(wal, audited, ev('certificate-issued', '2026-12-15', { certificateNo: 'WAL-R2' }));
    expect(only(planOne(reissued, '2026-12-15'), 'surveillance-audit')).toMatchObject({ dueOn: '2027-12-15' });
  });
});
