// What a 网安联 case owes besides its surveillance schedule (docs/rules.md: WA-9, WA-15 … WA-17): the
// recertification staff finish before expiry, what a surveillance audit's outcome leaves open, and
// what a lapsed certificate leaves to staff and the applicant.
import { addDays, compareDates, minDate } from '../../calendar/calendar-date.js';
import type { IsoDate } from '../../calendar/calendar-date.js';
import type { CaseState, CertificateFacts, Obligation } from '../../case.js';
import type { WorkingDayCalendar } from '../../calendar/working-days.js';
import { staffDeadline } from '../staff-deadline.js';
import { withExpiryNotes } from '../certificate.js';
import { expiredObligations } from '../expiry.js';
import { surveilled } from './lifecycle.js';

/** WA-16 [policy, fixed default]: working days staff have to decide on suspension after a failed surveillance audit. */
export const SUSPENSION_DECISION_WORKING_DAYS = 10;

/** WA-15: the audit date 网安联 fixed for the current surveillance period, if one was recorded in it. */
export function scheduledAudit(state: CaseState, since: IsoDate): IsoDate | null {
  const recorded = state.on.surveillanceScheduled;
  const scheduledFor = state.on.surveillanceScheduledFor;
  if (!recorded || !scheduledFor || compareDates(recorded, since) < 0 || compareDates(scheduledFor, since) < 0) return null;
  return scheduledFor;
}

export function lifecycleObligations(state: CaseState, certificate: CertificateFacts, calendar: WorkingDayCalendar): Obligation[] {
  const list: Obligation[] = [];
  const on = state.on;
  const base = { counting: 'calendar-days' as const, estimatedYears: [] };
  if (state.stage === 'recertification' && on.renewalApplied) {
    // WA-17: the recertification audit and decision finish before expiry (seed 002 §8), so that the
    // new certificate follows the old one without a gap.
    list.push({
      ...base,
      kind: 'recertification',
      rules: ['WA-17', 'WA-9'],
      audience: 'staff',
      opensOn: minDate(on.renewalApplied, certificate.expiresOn),
      dueOn: certificate.expiresOn,
      occurrence: certificate.certificateNo,
      explanation: withExpiryNotes({ key: 'recertification', params: { renewalAppliedOn: on.renewalApplied, expiresOn: certificate.expiresOn } }, certificate),
    });
  }
  if (surveilled.includes(state.stage) && on.nonconformitiesFound && on.nonconformitiesCorrectBy) {
    // WA-16: nonconformities found at a passed surveillance audit are closed by the date set for them.
    list.push({
      ...base,
      kind: 'nonconformity-correction',
      rules: ['WA-16'],
      audience: 'applicant',
      opensOn: on.nonconformitiesFound,
      dueOn: on.nonconformitiesCorrectBy,
      occurrence: on.nonconformitiesFound,
      explanation: { key: 'nonconformity-correction', params: { auditOn: on.nonconformitiesFound, correctBy: on.nonconformitiesCorrectBy } },
    });
  }
  if (surveilled.includes(state.stage) && on.surveillanceAuditFailed && state.marks.suspensionDecisionPending) {
    // WA-16, WA-10: a surveillance audit not passed is handled under chapter 7; staff decide on suspension.
    const days = SUSPENSION_DECISION_WORKING_DAYS;
    list.push(staffDeadline(calendar, 'suspension-decision', ['WA-16', 'WA-10'], on.surveillanceAuditFailed, days, { key: 'suspension-decision', params: { failedOn: on.surveillanceAuditFailed, days } }));
  }
  list.push(...expiredObligations(state, ['WA-9']));
  return list;
}

/** WA-17 [policy]: staff are warned a month, then a week, before expiry when recertification is unfinished. */
export const recertificationWarnings = [
  { stage: 'one-month', daysBefore: 30 },
  { stage: 'one-week', daysBefore: 7 },
] as const;

export function recertificationStage(dueOn: IsoDate, asOf: IsoDate): string | null {
  let reached: string | null = null;
  for (const w of recertificationWarnings) if (compareDates(asOf, addDays(dueOn, -w.daysBefore)) >= 0) reached = w.stage;
  return reached;
}
