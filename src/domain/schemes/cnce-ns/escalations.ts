// When CNCE-NS obligations are escalated to staff (docs/rules.md: CN-6, CN-7, CN-9, CN-11 … CN-14).
import { addDays, compareDates, daysBetween } from '../../calendar/calendar-date.js';
import { escalationBase, workingDayEscalation } from '../escalating.js';
import { expiryEscalationStages, lapseEscalation } from '../expiry.js';
import type { EscalationRule, EscalationStage } from '../escalating.js';

export const escalationStages: Readonly<Record<string, readonly EscalationStage[]>> = {
  'annual-inspection-overdue': ['overdue'],
  'material-review': ['warning', 'breach'],
  assessment: ['warning', 'breach'],
  'pledge-not-returned': ['overdue'],
  'inspection-decision': ['warning', 'breach'],
  ...expiryEscalationStages,
};

// CN-12 overdue: CN-13 lets staff downgrade or cancel; certbell only proposes.
const inspectionOverdue: EscalationRule = (o, asOf) => {
  if (compareDates(asOf, o.dueOn) <= 0) return null;
  return {
    ...escalationBase(o),
    kind: 'annual-inspection-overdue',
    stage: 'overdue',
    rules: ['CN-12', 'CN-13'],
    facts: {
      anniversary: String(o.explanation.params.anniversary ?? addDays(o.dueOn, 1)),
      lastDay: o.dueOn,
      overdueDays: daysBetween(o.dueOn, asOf),
      year: Number(o.explanation.params.year ?? 0),
      issuedOn: String(o.explanation.params.issuedOn ?? ''),
    },
  };
};

// CN-9: the original pledge comes back after the notice; how long staff wait is the body's policy.
const pledgeNotReturned: EscalationRule = (o, asOf, options) => {
  const noticeEndedOn = o.opensOn ?? o.occurrence;
  const escalateOn = addDays(noticeEndedOn, options.pledgeEscalateDays);
  if (compareDates(asOf, escalateOn) < 0) return null;
  return {
    ...escalationBase(o),
    kind: 'pledge-not-returned',
    stage: 'overdue',
    rules: ['CN-9'],
    facts: { noticeEndedOn, pledgeDueOn: o.dueOn, days: daysBetween(noticeEndedOn, asOf), escalateDays: options.pledgeEscalateDays },
  };
};

/** By obligation kind: CN-6 (15 working days) and CN-7 (70 working days) are warned at 80% and breached after. */
export const escalations: Readonly<Record<string, EscalationRule>> = {
  'annual-inspection': inspectionOverdue,
  'material-review': workingDayEscalation('material-review'),
  assessment: workingDayEscalation('assessment'),
  pledge: pledgeNotReturned,
  // CN-13: the downgrade-or-cancel decision after a failed inspection, warned at 80% and breached after.
  'inspection-decision': workingDayEscalation('inspection-decision'),
  // CN-11, CN-14: staff hear the day a certificate lapsed.
  'lapse-review': lapseEscalation(['CN-11', 'CN-14']),
};
