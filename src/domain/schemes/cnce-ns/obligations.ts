// What a CNCE-NS case owes, from its state (docs/rules.md: CN-6, CN-7, CN-9, CN-12, CN-14).
import { addDays, addMonths } from '../../calendar/calendar-date.js';
import type { CaseState, Obligation } from '../../case.js';
import { inspectionAnniversaries, inspectionWindowOpens } from '../certificate.js';
import type { PlanContext } from '../scheme.js';

export function obligations(state: CaseState, ctx: PlanContext): Obligation[] {
  const list: Obligation[] = [];
  const on = state.on;
  if (state.stage === 'material-review' && on.reviewClockFrom) {
    // CN-6: 15 working days from receipt of the application materials (the day of receipt is day 0).
    const due = ctx.calendar.addWorkingDays(on.reviewClockFrom, 15);
    list.push({
      kind: 'material-review',
      rules: ['CN-6'],
      audience: 'staff',
      opensOn: null,
      dueOn: due.date,
      counting: 'working-days',
      estimatedYears: due.missingYears,
      occurrence: on.reviewClockFrom,
      explanation: {
        key: on.supplementReceived === on.reviewClockFrom ? 'material-review-after-supplement' : 'material-review',
        params: { receivedOn: on.reviewClockFrom, days: 15 },
      },
    });
  }
  if (state.stage === 'assessment' && on.feePaid) {
    // CN-7: all five assessment steps within 70 working days of the fee payment voucher.
    const due = ctx.calendar.addWorkingDays(on.feePaid, 70);
    list.push({
      kind: 'assessment',
      rules: ['CN-7'],
      audience: 'staff',
      opensOn: null,
      dueOn: due.date,
      counting: 'working-days',
      estimatedYears: due.missingYears,
      occurrence: on.feePaid,
      explanation: { key: 'assessment', params: { feePaidOn: on.feePaid, days: 70 } },
    });
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
  if (certificate && inspected.includes(state.stage)) {
    const anniversaries = inspectionAnniversaries(certificate);
    const covered = state.marks.inspectionsCovered ?? 0;
    // CN-12: the next unsettled anniversary. A failed one stays with staff until CN-13 is decided, and
    // the year after it stays due meanwhile; an inspection due before a renewed certificate is issued
    // stays due too (seed 000 §五).
    const nextIndex = state.stage === 'inspection-failed' ? covered + 1 : covered;
    const next = anniversaries[nextIndex];
    if (next) {
      list.push({
        kind: 'annual-inspection',
        rules: ['CN-12'],
        audience: 'applicant',
        opensOn: inspectionWindowOpens(next),
        dueOn: next,
        counting: 'calendar-days',
        estimatedYears: [],
        occurrence: `${certificate.certificateNo}#${nextIndex + 1}`,
        explanation: {
          key: 'annual-inspection',
          params: { issuedOn: certificate.issuedOn, year: nextIndex + 1, anniversary: next },
        },
      });
    }
  }
  if (certificate && (state.stage === 'certified' || state.stage === 'inspection-failed')) {
    // CN-14: renewal within the 3 months before expiry.
    list.push({
      kind: 'renewal',
      rules: ['CN-14'],
      audience: 'applicant',
      opensOn: addMonths(certificate.expiresOn, -3),
      dueOn: certificate.expiresOn,
      counting: 'calendar-days',
      estimatedYears: [],
      occurrence: certificate.certificateNo,
      explanation: { key: 'renewal-cn', params: { expiresOn: certificate.expiresOn, months: 3 } },
    });
  }
  return list;
}

