// What a CNCE-NS case owes, from its state (docs/rules.md: CN-6, CN-7, CN-9, CN-11 … CN-14).
import { addDays, addMonths } from '../../calendar/calendar-date.js';
import type { IsoDate } from '../../calendar/calendar-date.js';
import type { CaseState, CertificateFacts, Obligation } from '../../case.js';
import { inspectionAnniversaries, inspectionLastDay, inspectionWindowOpens, withExpiryNotes } from '../certificate.js';
import { expiredObligations } from '../expiry.js';
import type { PlanContext } from '../scheme.js';
import { staffDeadline } from '../staff-deadline.js';

export function obligations(state: CaseState, ctx: PlanContext): Obligation[] {
  const list: Obligation[] = [];
  const on = state.on;
  if (state.stage === 'material-review' && on.reviewClockFrom) {
    // CN-6: 15 working days from receipt of the application materials (the day of receipt is day 0).
    list.push(
      staffDeadline(ctx.calendar, 'material-review', ['CN-6'], on.reviewClockFrom, 15, {
        key: on.supplementReceived === on.reviewClockFrom ? 'material-review-after-supplement' : 'material-review',
        params: { receivedOn: on.reviewClockFrom, days: 15 },
      }),
    );
  }
  if (state.stage === 'assessment' && on.feePaid) {
    // CN-7: all five assessment steps within 70 working days of the fee payment voucher.
    list.push(staffDeadline(ctx.calendar, 'assessment', ['CN-7'], on.feePaid, 70, { key: 'assessment', params: { feePaidOn: on.feePaid, days: 70 } }));
  }
  if (state.stage === 'pledge' && on.noticeEnded) {
    // CN-9: the pledge follows the end of the public notice; how soon is the body's policy.
    list.push({
      kind: 'pledge',
      rules: ['CN-9'],
      audience: 'applicant',
      opensOn: on.noticeEnded,
      dueOn: addDays(on.noticeEnded, ctx.policy.pledgeDueDays),
      counting: 'calendar-days',
      estimatedYears: [],
      occurrence: on.noticeEnded,
      explanation: { key: 'pledge', params: { noticeEndedOn: on.noticeEnded, days: ctx.policy.pledgeDueDays } },
    });
  }
  const certificate = state.certificate;
  const inspected = ['certified', 'inspection-failed', 'renewal'];
  if (certificate && inspected.includes(state.stage)) list.push(...inspections(state, certificate));
  if (certificate && state.stage === 'inspection-failed' && on.inspectionFailed) {
    // CN-13: a failed inspection asks staff to decide between downgrade and cancellation; the guide
    // gives no time, so the days allowed are this body's policy [fixed default].
    const days = INSPECTION_DECISION_WORKING_DAYS;
    list.push(staffDeadline(ctx.calendar, 'inspection-decision', ['CN-13', 'CN-12'], on.inspectionFailed, days, { key: 'inspection-decision', params: { failedOn: on.inspectionFailed, days } }));
  }
  if (certificate && (state.stage === 'certified' || state.stage === 'inspection-failed')) {
    // CN-14: renewal within the 3 months before expiry.
    const opensOn = addMonths(certificate.expiresOn, -3);
    list.push({
      kind: 'renewal',
      rules: ['CN-14'],
      audience: 'applicant',
      opensOn,
      dueOn: certificate.expiresOn,
      counting: 'calendar-days',
      estimatedYears: [],
      occurrence: certificate.certificateNo,
      explanation: withExpiryNotes({ key: 'renewal-cn', params: { expiresOn: certificate.expiresOn, opensOn, months: 3 } }, certificate),
    });
  }
  list.push(...expiredObligations(state, ['CN-11', 'CN-14']));
  return list;
}

/** CN-13 [policy, fixed default]: working days staff have to record the downgrade or cancellation. */
export const INSPECTION_DECISION_WORKING_DAYS = 15;

/**
 * CN-12: every anniversary not yet settled, each due the day before it (seed 000 §五). A failed one
 * stays with staff until CN-13 is decided, and the year after it stays due meanwhile; an inspection
 * due before a renewed certificate is issued stays due too. A later year is shown from the day after
 * the one before it was due, so that an applicant who missed a year also hears of the next window,
 * and of every year still owed.
 */
function inspections(state: CaseState, certificate: CertificateFacts): Obligation[] {
  const anniversaries = inspectionAnniversaries(certificate);
  const first = (state.marks.inspectionsCovered ?? 0) + (state.stage === 'inspection-failed' ? 1 : 0);
  const list: Obligation[] = [];
  for (let index = first; index < anniversaries.length; index++) {
    const next = anniversaries[index] as IsoDate;
    const earlier = anniversaries.slice(first, index).map((a, i) => `${first + i + 1} (${inspectionLastDay(a)})`);
    const previous = anniversaries[index - 1];
    list.push({
      kind: 'annual-inspection',
      rules: ['CN-12'],
      audience: 'applicant',
      opensOn: inspectionWindowOpens(next),
      dueOn: inspectionLastDay(next),
      ...(index > first && previous ? { shownFrom: addDays(inspectionLastDay(previous), 1) } : {}),
      counting: 'calendar-days',
      estimatedYears: [],
      occurrence: `${certificate.certificateNo}#${index + 1}`,
      explanation: {
        key: 'annual-inspection',
        params: { issuedOn: certificate.issuedOn, year: index + 1, anniversary: next, lastDay: inspectionLastDay(next) },
        ...(earlier.length ? { notes: [{ key: 'annual-inspection-also-owed', params: { count: earlier.length, years: earlier.join(', ') } }] } : {}),
      },
    });
  }
  return list;
}
