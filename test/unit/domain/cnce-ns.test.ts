// The CNCE-NS scheme against docs/rules.md CN-1 … CN-17, with worked examples on real dates.
// Every expected date below was computed by hand from the official 2025/2026 arrangements
// (国办发明电〔2024〕12号 and the 2026 notice); the comment beside it shows the count.
// PRC practice: the event day is day 0, counting starts the next day.
import { describe, expect, it } from 'vitest';
import { defaultPolicy, type Policy } from '../../../src/domain/policy.js';
import { stageOf } from '../../../src/domain/schemes/scheme.js';
import { accept, calendar, cnCertified, cnceNs, cnLivePath, ev, fold, kindsOf, only, planOne, refusalOf, stagesAlong } from './builders.js';

const noRestart: Policy = { ...defaultPolicy, materialReviewRestartsOnSupplement: false };

describe('cnce-ns: the official calendar the examples rely on', () => {
  it.each([
    ['2025-09-28', true], // Sun, 调休 for National Day
    ['2025-10-01', false],
    ['2025-10-08', false],
    ['2025-10-11', true], // Sat, 调休
    ['2026-01-01', false],
    ['2026-01-03', false], // Sat inside the New Year span
    ['2026-01-04', true], // Sun, 调休
    ['2026-02-14', true], // Sat, 调休 before Spring Festival
    ['2026-02-15', false],
    ['2026-02-23', false],
    ['2026-02-28', true], // Sat, 调休 after Spring Festival
    ['2026-05-09', true], // Sat, 调休 for May Day
  ])('%s is a working day: %s', (day, working) => {
    expect(calendar.isWorkingDay(day)).toEqual({ working, known: true });
  });
});

describe('CN-1 / CN-2: service types and levels', () => {
  it('CN-1: two service types, risk assessment and security design & integration', () => {
    expect(cnceNs.serviceTypes).toEqual(['risk-assessment', 'design-integration']);
  });

  it('CN-2: three levels 1, 2, 3, level 1 the most basic (a downgrade never goes below it)', () => {
    expect(cnceNs.levels).toEqual([1, 2, 3]);
    const level1 = accept(cnceNs, cnCertified('2026-03-31', { level: 1 }), ev('annual-inspection-failed', '2027-03-20'));
    expect(refusalOf(cnceNs, level1, ev('certificate-downgraded', '2027-04-15')).code).toBe('level/downgrade-invalid');
  });
});

describe('CN-3: the stages in order', () => {
  it('CN-3: a case recorded live passes application → material review → contract & fee → assessment (5 steps) → public notice → pledge → certificate → supervision', () => {
    const events = cnLivePath({
      submitted: '2025-09-22',
      received: '2025-09-26',
      accepted: '2025-10-20',
      feePaid: '2025-10-27',
      steps: ['2025-11-10', '2025-12-01', '2025-12-15', '2025-12-22', '2026-01-08'],
      noticePublished: '2026-01-12',
      noticeEnded: '2026-01-19',
      pledgeSigned: '2026-01-30',
      issued: '2026-03-31',
    });
    expect(stagesAlong(cnceNs, events)).toEqual([
      'application',
      'material-review',
      'contract-and-fee',
      'assessment',
      'assessment',
      'assessment',
      'assessment',
      'assessment',
      'public-notice-pending',
      'public-notice',
      'pledge',
      'certificate-pending',
      'certified',
    ]);
    // The main-line stages are numbered in the order CN-3 lists them.
    const mainLine = ['application', 'material-review', 'contract-and-fee', 'assessment', 'public-notice-pending', 'public-notice', 'pledge', 'certificate-pending', 'certified'];
    const orders = mainLine.map((id) => stageOf(cnceNs, id).order);
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
    expect(new Set(orders).size).toBe(mainLine.length);
    for (const id of mainLine) expect(stageOf(cnceNs, id).rules.some((r) => ['CN-3', 'CN-9', 'CN-11'].includes(r))).toBe(true);
  });

  it('CN-3: the five assessment steps must come in order (document, on-site, comprehensive, report, expert review)', () => {
    const assessing = fold(cnceNs, [ev('materials-received', '2025-09-26'), ev('application-accepted', '2025-10-20'), ev('fee-paid', '2025-10-27')]);
    expect(refusalOf(cnceNs, assessing, ev('onsite-assessment-completed', '2025-11-10'))).toEqual({
      code: 'assessment/out-of-order',
      params: { event: 'onsite-assessment-completed', expected: 'document-assessment-completed' },
    });
    expect(refusalOf(cnceNs, assessing, ev('expert-review-passed', '2025-11-10')).code).toBe('assessment/out-of-order');
  });
});

describe('CN-4: outcomes that end a case early', () => {
  it('CN-4: not accepted after material review is terminal and owes nothing', () => {
    const state = fold(cnceNs, [ev('materials-received', '2025-09-26'), ev('application-rejected', '2025-10-20')]);
    expect(state.stage).toBe('not-accepted');
    expect(stageOf(cnceNs, 'not-accepted').terminal).toBe(true);
    expect(planOne(state, '2025-10-21')).toEqual([]);
  });

  it('CN-4: not passed after the expert review is terminal and owes nothing', () => {
    const state = fold(cnceNs, [
      ev('materials-received', '2025-09-26'),
      ev('application-accepted', '2025-10-20'),
      ev('fee-paid', '2025-10-27'),
      ev('document-assessment-completed', '2025-11-10'),
      ev('onsite-assessment-completed', '2025-12-01'),
      ev('comprehensive-assessment-completed', '2025-12-15'),
      ev('report-issued', '2025-12-22'),
      ev('expert-review-failed', '2026-01-08'),
    ]);
    expect(state.stage).toBe('not-passed');
    expect(stageOf(cnceNs, 'not-passed').terminal).toBe(true);
    expect(planOne(state, '2026-01-09')).toEqual([]);
  });
});

describe('CN-6: material review within 15 working days of receipt (staff-side)', () => {
  // Worked examples: 15 working days counted from the day after receipt.
  it.each([
    // Fri 2025-09-26 → Sun 9-28 (1, 调休), Mon 9-29 (2), Tue 9-30 (3), Oct 1–8 off, Thu 10-9 (4), Fri 10-10 (5),
    // Sat 10-11 (6, 调休), 10-13..10-17 (7–11), 10-20..10-23 (12–15) → Thu 2025-10-23.
    ['Golden Week 2025, received on the Friday before', '2025-09-26', '2025-10-23'],
    // Mon 2025-09-29 → 9-30 (1), 10-9 (2), 10-10 (3), 10-11 (4), 10-13..10-17 (5–9), 10-20..10-24 (10–14), Mon 10-27 (15).
    ['Golden Week 2025, received on the Monday before', '2025-09-29', '2025-10-27'],
    // Fri 2025-10-03 (a holiday is still day 0) → 10-9 (1), 10-10 (2), 10-11 (3), 10-13..10-17 (4–8),
    // 10-20..10-24 (9–13), 10-27 (14), Tue 10-28 (15).
    ['Golden Week 2025, received during the holiday', '2025-10-03', '2025-10-28'],
    // Tue 2026-02-10 → 2-11, 2-12, 2-13 (1–3), Sat 2-14 (4, 调休), Feb 15–23 off, 2-24..2-27 (5–8), Sat 2-28 (9, 调休),
    // 3-2..3-6 (10–14), Mon 3-9 (15).
    ['Spring Festival 2026', '2026-02-10', '2026-03-09'],
    // Wed 2025-12-24 → 12-25, 12-26 (1–2), 12-29..12-31 (3–5), Jan 1–3 off, Sun 1-4 (6, 调休), 1-5..1-9 (7–11),
    // 1-12..1-15 (12–15) → Thu 2026-01-15.
    ['New Year 2026', '2025-12-24', '2026-01-15'],
  ])('CN-6 worked example (%s): materials received %s → review due %s', (_name, received, due) => {
    const state = fold(cnceNs, [ev('materials-received', received)]);
    const review = only(planOne(state, received), 'material-review');
    expect(review).toMatchObject({ dueOn: due, rules: ['CN-6'], audience: 'staff', counting: 'working-days', estimatedYears: [], opensOn: null });
  });

  it('CN-6 worked example: a count running into 2027 (no official data yet) is flagged as an estimate', () => {
    // Thu 2026-12-24 → 12-25 (1), 12-28..12-31 (2–5), Fri 2027-01-01 (6: 2027 is unknown, so a plain weekday),
    // 1-4..1-8 (7–11), 1-11..1-14 (12–15) → 2027-01-14, estimated for 2027.
    const state = fold(cnceNs, [ev('materials-received', '2026-12-24')]);
    expect(only(planOne(state, '2026-12-24'), 'material-review')).toMatchObject({ dueOn: '2027-01-14', estimatedYears: [2027] });
  });

  it('CN-6: the review deadline is overdue the day after it and escalated to staff only', () => {
    const state = fold(cnceNs, [ev('materials-received', '2025-09-26')]);
    expect(only(planOne(state, '2025-10-23'), 'material-review').status).toBe('open');
    const late = only(planOne(state, '2025-10-24'), 'material-review');
    expect(late.status).toBe('overdue');
    expect(late.audience).toBe('staff');
  });

  it('CN-6: accepting the application ends the review obligation', () => {
    const state = fold(cnceNs, [ev('materials-received', '2025-09-26'), ev('application-accepted', '2025-10-20')]);
    expect(planOne(state, '2025-10-24').filter((o) => o.kind === 'material-review')).toEqual([]);
  });
});

describe('CN-5: one request to supply all missing material', () => {
  const requested = [ev('materials-received', '2025-09-15'), ev('supplement-requested', '2025-09-19')];

  it('CN-5: while the supplement is awaited it is the applicant who acts, and the staff review clock shows nothing', () => {
    const state = fold(cnceNs, requested);
    expect(state.stage).toBe('awaiting-supplement');
    expect(stageOf(cnceNs, state.stage).nextActor).toBe('applicant');
    expect(planOne(state, '2025-09-22')).toEqual([]);
  });

  it('CN-5 / CN-6 worked example: under the default policy the 15 working days restart when the supplement arrives', () => {
    // Supplement received Fri 2025-09-26 → counted as a fresh receipt: 9-28 (1), 9-29, 9-30 (2–3), 10-9, 10-10 (4–5),
    // 10-11 (6), 10-13..10-17 (7–11), 10-20..10-23 (12–15) → 2025-10-23.
    const state = fold(cnceNs, [...requested, ev('supplement-received', '2025-09-26')]);
    const review = only(planOne(state, '2025-09-26'), 'material-review');
    expect(review.dueOn).toBe('2025-10-23');
    expect(review.explanation.key).toBe('material-review-after-supplement');
  });

  it('CN-5 / CN-6 worked example: with the restart policy off, the clock keeps counting from the first receipt', () => {
    // Mon 2025-09-15 → 9-16..9-19 (1–4), 9-22..9-26 (5–9), Sun 9-28 (10, 调休), 9-29 (11), 9-30 (12),
    // 10-9 (13), 10-10 (14), Sat 10-11 (15, 调休) → 2025-10-11.
    const state = fold(cnceNs, [...requested, ev('supplement-received', '2025-09-26')], { policy: noRestart });
    const review = only(planOne(state, '2025-09-26', { policy: noRestart }), 'material-review');
    expect(review.dueOn).toBe('2025-10-11');
    expect(review.explanation.key).toBe('material-review');
  });

  it("CN-5: material review asks only once — a second request is refused with 'supplement/only-once'", () => {
    const state = fold(cnceNs, [...requested, ev('supplement-received', '2025-09-26')]);
    expect(refusalOf(cnceNs, state, ev('supplement-requested', '2025-09-30'))).toEqual({
      code: 'supplement/only-once',
      params: { event: 'supplement-requested', date: '2025-09-19' },
    });
  });

  it('CN-5: document assessment may ask for supplements too, and the assessment steps wait for them', () => {
    let state = fold(cnceNs, [...requested, ev('supplement-received', '2025-09-26'), ev('application-accepted', '2025-10-20'), ev('fee-paid', '2025-10-27')]);
    state = accept(cnceNs, state, ev('supplement-requested', '2025-11-03'));
    expect(state.stage).toBe('assessment');
    expect(refusalOf(cnceNs, state, ev('document-assessment-completed', '2025-11-05')).code).toBe('assessment/awaiting-supplement');
    state = accept(cnceNs, state, ev('supplement-received', '2025-11-07'));
    state = accept(cnceNs, state, ev('document-assessment-completed', '2025-11-10'));
    // Once the document assessment is done, it is too late to ask for more.
    expect(refusalOf(cnceNs, state, ev('supplement-requested', '2025-11-12')).code).toBe('supplement/after-document-assessment');
  });
});

describe('CN-7: assessment within 70 working days of the fee voucher (staff-side)', () => {
  it.each([
    // Fri 2025-09-26 → 9-28 (1), 9-29, 9-30 (2–3), Oct 1–8 off, 10-9, 10-10 (4–5), Sat 10-11 (6), 10-13..10-17 (7–11),
    // then full weeks Oct 20 … Dec 26 (10 weeks, 12–61), 12-29..12-31 (62–64), Jan 1–3 off, Sun 1-4 (65),
    // 1-5..1-9 (66–70) → Fri 2026-01-09.
    ['Golden Week 2025 and New Year 2026', '2025-09-26', '2026-01-09'],
    // Sun 2025-09-28 is itself a 调休 working day but, as day 0, does not count: every count above shifts by one,
    // so the 70th working day is the one after 2026-01-09 → Mon 2026-01-12.
    ['fee voucher received on an adjusted working Sunday', '2025-09-28', '2026-01-12'],
    // Mon 2025-12-15 → 12-16..12-19 (1–4), 12-22..12-26 (5–9), 12-29..12-31 (10–12), Sun 1-4 (13), 1-5..1-9 (14–18),
    // weeks of Jan 12, 19, 26, Feb 2, Feb 9 (19–43), Sat 2-14 (44), Feb 15–23 off, 2-24..2-27 (45–48), Sat 2-28 (49),
    // weeks of Mar 2, 9, 16, 23 (50–69), Mon 3-30 (70) → 2026-03-30.
    ['New Year and Spring Festival 2026', '2025-12-15', '2026-03-30'],
    // Tue 2026-02-10 → 2-11..2-13 (1–3), Sat 2-14 (4), 2-24..2-27 (5–8), Sat 2-28 (9), weeks of Mar 2, 9, 16, 23, 30
    // (10–34), Apr 4–6 off (Qingming), 4-7..4-10 (35–38), weeks of Apr 13, 20 (39–48), 4-27..4-30 (49–52),
    // May 1–5 off, 5-6..5-8 (53–55), Sat 5-9 (56, 调休), weeks of May 11, 18 (57–66), 5-25..5-28 (67–70) → 2026-05-28.
    ['Spring Festival, Qingming and May Day 2026', '2026-02-10', '2026-05-28'],
  ])('CN-7 worked example (%s): fee voucher %s → assessment due %s', (_name, feePaid, due) => {
    const state = fold(cnceNs, [ev('materials-received', '2025-09-01'), ev('application-accepted', '2025-09-10'), ev('fee-paid', feePaid)]);
    expect(only(planOne(state, feePaid), 'assessment')).toMatchObject({
      dueOn: due,
      rules: ['CN-7'],
      audience: 'staff',
      counting: 'working-days',
      estimatedYears: [],
    });
  });

  it('CN-7 worked example: a 70-working-day count running into 2027 is flagged with estimatedYears [2027]', () => {
    // Mon 2026-11-16 (no holidays left in 2026) → 11-17..11-20 (1–4), weeks of Nov 23, Nov 30, Dec 7, 14, 21 (5–29),
    // 12-28..12-31 (30–33); 2027 has no data, so plain weekdays: Fri 1-1 (34), weeks of Jan 4, 11, 18, 25, Feb 1, 8, 15
    // (35–69), Mon 2027-02-22 (70).
    const state = fold(cnceNs, [ev('materials-received', '2026-10-12'), ev('application-accepted', '2026-10-30'), ev('fee-paid', '2026-11-16')]);
    expect(only(planOne(state, '2026-11-16'), 'assessment')).toMatchObject({ dueOn: '2027-02-22', estimatedYears: [2027] });
  });

  it('CN-7: the clock runs through all five steps and stops once the expert review passes', () => {
    const base = [ev('materials-received', '2025-09-01'), ev('application-accepted', '2025-09-10'), ev('fee-paid', '2025-09-26')];
    const mid = fold(cnceNs, [...base, ev('document-assessment-completed', '2025-10-20'), ev('onsite-assessment-completed', '2025-11-20')]);
    expect(only(planOne(mid, '2025-11-20'), 'assessment').dueOn).toBe('2026-01-09');
    const done = fold(cnceNs, [
      ...base,
      ev('document-assessment-completed', '2025-10-20'),
      ev('onsite-assessment-completed', '2025-11-20'),
      ev('comprehensive-assessment-completed', '2025-12-01'),
      ev('report-issued', '2025-12-10'),
      ev('expert-review-passed', '2025-12-20'),
    ]);
    expect(done.stage).toBe('public-notice-pending');
    expect(planOne(done, '2025-12-20')).toEqual([]);
  });
});

describe('CN-8 / CN-10: rules cited by stages', () => {
  it('CN-8: the assessment stage and the expert review cite the expert-draw rule (3 assessors, 5 reviewers)', () => {
    expect(stageOf(cnceNs, 'assessment').rules).toContain('CN-8');
    expect(cnceNs.events['expert-review-passed']?.rules).toContain('CN-8');
  });

  it('CN-10: the certificate-pending stage cites the twice-yearly approval, and no deadline is invented for it', () => {
    expect(stageOf(cnceNs, 'certificate-pending').rules).toContain('CN-10');
    const pending = fold(cnceNs, [ev('notice-ended', '2026-01-19'), ev('pledge-signed', '2026-01-30')], { mode: 'history' });
    expect(pending.stage).toBe('certificate-pending');
    expect(planOne(pending, '2026-06-30')).toEqual([]);
  });
});

describe('CN-9: the pledge after the public notice, then the certificate', () => {
  it.each([
    // 2026-04-20 + 30 calendar days: April has 30 days → 20 + 30 = 50 = 30 (April) + 20 → 2026-05-20.
    ['2026-04-20', defaultPolicy, '2026-05-20'],
    // 2026-01-15 + 30: January has 31 days → 15 + 30 = 45 = 31 + 14 → 2026-02-14.
    ['2026-01-15', defaultPolicy, '2026-02-14'],
    // Staff set the pledge policy to 14 days: 2026-04-20 + 14 → 34 − 30 → 2026-05-04.
    ['2026-04-20', { ...defaultPolicy, pledgeDueDays: 14 }, '2026-05-04'],
  ])('CN-9 worked example: notice ended %s → pledge due per policy', (noticeEnded, policy, due) => {
    const state = fold(cnceNs, [ev('notice-published', '2026-01-05'), ev('notice-ended', noticeEnded)], { mode: 'history', policy });
    expect(state.stage).toBe('pledge');
    const pledge = only(planOne(state, noticeEnded, { policy }), 'pledge');
    expect(pledge).toMatchObject({ dueOn: due, opensOn: noticeEnded, rules: ['CN-9'], audience: 'applicant', counting: 'calendar-days' });
    // The length is the body's policy and the explanation says how many days it is.
    expect(pledge.explanation.params.days).toBe(policy.pledgeDueDays);
  });

  it('CN-9 worked example: the pledge status is open through its due date 2026-05-20 and overdue from 2026-05-21', () => {
    const state = fold(cnceNs, [ev('notice-published', '2026-04-06'), ev('notice-ended', '2026-04-20')], { mode: 'history' });
    expect(only(planOne(state, '2026-04-20'), 'pledge').status).toBe('open');
    expect(only(planOne(state, '2026-05-20'), 'pledge').status).toBe('open');
    expect(only(planOne(state, '2026-05-21'), 'pledge').status).toBe('overdue');
  });

  it('CN-9: the certificate is issued only after the pledge (live), and the signed pledge ends the reminder', () => {
    const notice = fold(cnceNs, [ev('notice-published', '2026-04-06'), ev('notice-ended', '2026-04-20')], { mode: 'history' });
    expect(refusalOf(cnceNs, notice, ev('certificate-issued', '2026-05-01', { certificateNo: 'X-1' })).code).toBe('event/illegal-in-stage');
    const signed = accept(cnceNs, notice, ev('pledge-signed', '2026-05-06'));
    expect(planOne(signed, '2026-05-30').filter((o) => o.kind === 'pledge')).toEqual([]);
    expect(accept(cnceNs, signed, ev('certificate-issued', '2026-06-30', { certificateNo: 'X-1' })).stage).toBe('certified');
  });
});

describe('CN-11: a certificate is valid for 3 years from its issue date', () => {
  it.each([
    // 2026-03-31 + 3 years = 2029-03-31, − 1 day (default policy) → 2029-03-30.
    ['2026-03-31', '2029-03-30'],
    // Leap day: 2024-02-29 + 3 years → 2027 has no 29 February → month end 2027-02-28, − 1 day → 2027-02-27.
    ['2024-02-29', '2027-02-27'],
    // 2025-05-31 + 3 years = 2028-05-31, − 1 day → 2028-05-30.
    ['2025-05-31', '2028-05-30'],
  ])('CN-11 worked example: issued %s → expires %s under the default policy', (issued, expires) => {
    expect(cnCertified(issued).certificate).toMatchObject({ issuedOn: issued, expiresOn: expires, level: 3 });
  });

  it('CN-11: the "− 1 day" is policy — with minusDays 0 a certificate issued 2026-03-31 expires 2029-03-31', () => {
    const policy: Policy = { ...defaultPolicy, certificateValidity: { years: 3, minusDays: 0 } };
    expect(cnCertified('2026-03-31', { policy }).certificate?.expiresOn).toBe('2029-03-31');
  });

  it('CN-11: an expiry printed on the certificate wins over the policy', () => {
    expect(cnCertified('2026-03-31', { expires: '2029-03-31' }).certificate?.expiresOn).toBe('2029-03-31');
  });
});

describe('CN-12: annual inspection in the month before each anniversary', () => {
  it('CN-12 worked example: issued 2026-03-31 → 1st anniversary 2027-03-31, window opens 2027-02-28 (no 31 February), last day 2027-03-30, the day before the anniversary (seed 000 §五)', () => {
    const state = cnCertified('2026-03-31', { certificateNo: 'CN-A' });
    // 2027-03-31 − 1 month → 2027-02-31 does not exist → month end 2027-02-28.
    const first = only(planOne(state, '2026-04-01'), 'annual-inspection');
    expect(first).toMatchObject({ opensOn: '2027-02-28', dueOn: '2027-03-30', rules: ['CN-12'], audience: 'applicant', occurrence: 'CN-A#1' });
    expect(first.explanation).toMatchObject({ key: 'annual-inspection', params: { anniversary: '2027-03-31', lastDay: '2027-03-30' } });
    expect(first.status).toBe('upcoming');
    expect(only(planOne(state, '2027-02-27'), 'annual-inspection').status).toBe('upcoming');
    expect(only(planOne(state, '2027-02-28'), 'annual-inspection').status).toBe('open');
    expect(only(planOne(state, '2027-03-30'), 'annual-inspection').status).toBe('open');
    expect(planOne(state, '2027-03-31').find((o) => o.occurrence === 'CN-A#1')?.status).toBe('overdue');
  });

  it('CN-12 worked example: after the 1st inspection, the 2nd is due 2028-03-30 with its window opening 2028-02-29 (leap year)', () => {
    // 2028-03-31 − 1 month → 2028-02-31 does not exist; 2028 is a leap year → month end 2028-02-29.
    const state = accept(cnceNs, cnCertified('2026-03-31', { certificateNo: 'CN-A' }), ev('annual-inspection-passed', '2027-03-10'));
    expect(only(planOne(state, '2027-03-10'), 'annual-inspection')).toMatchObject({ opensOn: '2028-02-29', dueOn: '2028-03-30', occurrence: 'CN-A#2' });
  });

  it('CN-12: a 3-year certificate owes exactly two inspections; a third is refused and none is planned', () => {
    let state = cnCertified('2026-03-31');
    state = accept(cnceNs, state, ev('annual-inspection-passed', '2027-03-10'));
    state = accept(cnceNs, state, ev('annual-inspection-passed', '2028-03-15'));
    expect(planOne(state, '2028-03-15').map((o) => o.kind)).toEqual(['renewal']);
    expect(refusalOf(cnceNs, state, ev('annual-inspection-passed', '2029-03-01')).code).toBe('inspection/none-due');
  });

  it('CN-12 worked example: issued on leap day 2024-02-29 → anniversaries 2025-02-28 and 2026-02-28, windows from 2025-01-28 and 2026-01-28, last days 2025-02-27 and 2026-02-27', () => {
    // 2024-02-29 + 1 year → 2025-02-28 (month end); − 1 month → 2025-01-28. Same for 2026.
    // The 3rd anniversary 2027-02-28 falls after the expiry 2027-02-27, so there is no 3rd inspection.
    let state = cnCertified('2024-02-29');
    expect(only(planOne(state, '2024-03-01'), 'annual-inspection')).toMatchObject({ opensOn: '2025-01-28', dueOn: '2025-02-27' });
    state = accept(cnceNs, state, ev('annual-inspection-passed', '2025-02-10'));
    expect(only(planOne(state, '2025-02-10'), 'annual-inspection')).toMatchObject({ opensOn: '2026-01-28', dueOn: '2026-02-27' });
    state = accept(cnceNs, state, ev('annual-inspection-passed', '2026-02-10'));
    expect(planOne(state, '2026-02-10').filter((o) => o.kind === 'annual-inspection')).toEqual([]);
  });

  it('CN-12 worked example: issued at a month end 2025-08-31 → window opens 2026-07-31, due 2026-08-30', () => {
    // 2025-08-31 + 1 year = 2026-08-31; − 1 month = 2026-07-31 (July has 31 days, no clamping).
    expect(only(planOne(cnCertified('2025-08-31'), '2025-09-01'), 'annual-inspection')).toMatchObject({ opensOn: '2026-07-31', dueOn: '2026-08-30' });
  });

  it('CN-12 worked example: issued 2025-05-31 → window opens 2026-04-30 (April has 30 days), due 2026-05-30', () => {
    expect(only(planOne(cnCertified('2025-05-31'), '2025-06-01'), 'annual-inspection')).toMatchObject({ opensOn: '2026-04-30', dueOn: '2026-05-30' });
  });

  it('CN-12 worked example: a certificate printed to expire on its 3rd anniversary (2026-03-31 → 2029-03-31) still owes only the 1st and 2nd inspections', () => {
    // CN-12: "at the 1st and 2nd anniversaries of a 3-year certificate". The 3rd anniversary 2029-03-31 is the
    // expiry day itself, where renewal (CN-14) takes over; it is not an annual inspection.
    let state = cnCertified('2026-03-31', { expires: '2029-03-31' });
    state = accept(cnceNs, state, ev('annual-inspection-passed', '2027-03-10'));
    state = accept(cnceNs, state, ev('annual-inspection-passed', '2028-03-15'));
    expect(planOne(state, '2028-03-15').filter((o) => o.kind === 'annual-inspection')).toEqual([]);
    expect(refusalOf(cnceNs, state, ev('annual-inspection-passed', '2029-03-01')).code).toBe('inspection/none-due');
  });
});

describe('CN-13: a failed annual inspection leads to downgrade or cancellation', () => {
  const failed = () => accept(cnceNs, cnCertified('2026-03-31', { level: 3, certificateNo: 'CN-F' }), ev('annual-inspection-failed', '2027-03-20'));

  it('CN-13: after the failure staff decide; the applicant is not reminded of the failed inspection, but the next year stays due (seed 000 §五), and so does the renewal', () => {
    const state = failed();
    expect(state.stage).toBe('inspection-failed');
    expect(stageOf(cnceNs, state.stage).nextActor).toBe('staff');
    expect(planOne(state, '2027-03-21').map((o) => o.kind)).toEqual(['inspection-decision', 'annual-inspection', 'renewal']);
    // Issued 2026-03-31: the failed 1st year is with staff; the 2nd, due 2028-03-30, is still owed.
    expect(only(planOne(state, '2027-03-21'), 'annual-inspection')).toMatchObject({ opensOn: '2028-02-29', dueOn: '2028-03-30', occurrence: 'CN-F#2' });
  });

  it('CN-12, CN-14: an inspection that falls due while the renewal is assessed stays due, and is passed in that stage (seed 000 §五)', () => {
    // Issued 2026-03-31 with a printed expiry of 2027-06-15: the 1st anniversary, 2027-03-31, falls before expiry,
    // and the renewal window opens on 2027-03-15.
    const issued = fold(cnceNs, [ev('certificate-issued', '2026-03-31', { certificateNo: 'CN-R', expires: '2027-06-15' })], { mode: 'history' });
    const renewing = accept(cnceNs, issued, ev('renewal-applied', '2027-03-20'));
    expect(renewing.stage).toBe('renewal');
    expect(planOne(renewing, '2027-03-20').map((o) => [o.kind, o.dueOn])).toEqual([['annual-inspection', '2027-03-30']]);
    const passed = accept(cnceNs, renewing, ev('annual-inspection-passed', '2027-03-25'));
    expect(passed.stage).toBe('renewal');
    expect(planOne(passed, '2027-03-25')).toEqual([]);
  });

  it('CN-13 worked example: downgrade 2027-04-15 takes level 3 → 2 and settles the 1st year; next inspection 2028-03-30 (window 2028-02-29)', () => {
    const state = accept(cnceNs, failed(), ev('certificate-downgraded', '2027-04-15'));
    expect(state.stage).toBe('certified');
    expect(state.level).toBe(2);
    expect(state.certificate?.level).toBe(2);
    const obligations = planOne(state, '2027-04-15');
    expect(only(obligations, 'annual-inspection')).toMatchObject({ opensOn: '2028-02-29', dueOn: '2028-03-30', occurrence: 'CN-F#2' });
    // The downgrade does not change the certificate's validity: renewal still 2028-12-30 … 2029-03-30.
    expect(only(obligations, 'renewal')).toMatchObject({ opensOn: '2028-12-30', dueOn: '2029-03-30' });
  });

  it('CN-13: a downgrade must lower the level (3 → 3 is refused)', () => {
    expect(refusalOf(cnceNs, failed(), ev('certificate-downgraded', '2027-04-15', { level: 3 })).code).toBe('level/downgrade-invalid');
  });

  it('CN-13: cancellation ends the case — nothing is owed and nothing more can be recorded', () => {
    const state = accept(cnceNs, failed(), ev('certificate-cancelled', '2027-04-15'));
    expect(state.stage).toBe('cancelled');
    expect(planOne(state, '2027-04-16')).toEqual([]);
    expect(refusalOf(cnceNs, state, ev('change-reported', '2027-05-01')).code).toBe('case/closed');
  });
});

describe('CN-14: renewal within the 3 months before expiry', () => {
  it.each([
    // Expiry 2029-03-30 (CN-11); − 3 months → 2028-12-30.
    ['2026-03-31', '2028-12-30', '2029-03-30'],
    // Expiry 2028-05-30; − 3 months → 2028-02-30 does not exist → month end of a leap February → 2028-02-29.
    ['2025-05-31', '2028-02-29', '2028-05-30'],
    // Leap-day issue: expiry 2027-02-27; − 3 months → 2026-11-27.
    ['2024-02-29', '2026-11-27', '2027-02-27'],
    // Expiry 2028-08-30; − 3 months → 2028-05-30.
    ['2025-08-31', '2028-05-30', '2028-08-30'],
  ])('CN-14 worked example: issued %s → renewal window %s … %s', (issued, opens, due) => {
    const renewal = only(planOne(cnCertified(issued), issued), 'renewal');
    expect(renewal).toMatchObject({ opensOn: opens, dueOn: due, rules: ['CN-14'], audience: 'applicant' });
    expect(renewal.status).toBe('upcoming');
  });

  it('CN-14: the renewal reminder opens on 2028-12-30 and is overdue after expiry 2029-03-30', () => {
    const state = cnCertified('2026-03-31');
    expect(only(planOne(state, '2028-12-29'), 'renewal').status).toBe('upcoming');
    expect(only(planOne(state, '2028-12-30'), 'renewal').status).toBe('open');
    expect(only(planOne(state, '2029-03-31'), 'renewal').status).toBe('overdue');
  });

  it('CN-14 worked example: once renewal is applied nothing is owed; the renewed certificate 2029-03-20 starts a new cycle (inspection by 2030-03-19, expiry 2032-03-19)', () => {
    let state = cnCertified('2026-03-31');
    state = accept(cnceNs, state, ev('annual-inspection-passed', '2027-03-10'));
    state = accept(cnceNs, state, ev('annual-inspection-passed', '2028-03-15'));
    state = accept(cnceNs, state, ev('renewal-applied', '2029-01-10'));
    expect(state.stage).toBe('renewal');
    expect(planOne(state, '2029-01-10')).toEqual([]);
    state = accept(cnceNs, state, ev('certificate-issued', '2029-03-20', { certificateNo: 'CN-R2' }));
    // 2029-03-20 + 1 year = 2030-03-20, window from 2030-02-20; expiry 2032-03-20 − 1 day = 2032-03-19, renewal from 2031-12-19.
    const obligations = planOne(state, '2029-03-20');
    expect(only(obligations, 'annual-inspection')).toMatchObject({ opensOn: '2030-02-20', dueOn: '2030-03-19', occurrence: 'CN-R2#1' });
    expect(only(obligations, 'renewal')).toMatchObject({ opensOn: '2031-12-19', dueOn: '2032-03-19', occurrence: 'CN-R2' });
  });
});

describe('CN-15: changes, splits and upgrades after certification', () => {
  it('CN-15: a reported change and an upgrade application are recorded without moving the case or its deadlines', () => {
    const certified = cnCertified('2026-03-31');
    const before = planOne(certified, '2026-09-01');
    let state = accept(cnceNs, certified, ev('change-reported', '2026-06-01'));
    state = accept(cnceNs, state, ev('upgrade-applied', '2026-07-01'));
    expect(cnceNs.events['change-reported']?.rules).toContain('CN-15');
    expect(cnceNs.events['upgrade-applied']?.rules).toContain('CN-15');
    expect(state.stage).toBe('certified');
    expect(state.on).toMatchObject({ changeReported: '2026-06-01', upgradeApplied: '2026-07-01' });
    expect(planOne(state, '2026-09-01')).toEqual(before);
  });
});

describe('CN-16 / CN-17: appeals and the provincial association', () => {
  it('CN-16: every terminal stage (a decision that can be appealed in writing) cites CN-16', () => {
    const terminal = cnceNs.stages.filter((s) => s.terminal);
    expect(terminal.map((s) => s.id).sort()).toEqual(['cancelled', 'closed', 'not-accepted', 'not-passed']);
    for (const s of terminal) expect(s.rules, s.id).toContain('CN-16');
  });

  it('CN-17: the application stage and its submission cite the provincial association rule', () => {
    expect(stageOf(cnceNs, 'application').rules).toContain('CN-17');
    expect(cnceNs.events['application-submitted']?.rules).toContain('CN-17');
    expect(kindsOf(planOne(fold(cnceNs, [ev('application-submitted', '2025-09-22')]), '2025-09-22'))).toEqual([]);
  });
});
