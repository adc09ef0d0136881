// When 网安联 obligations are escalated to staff (docs/rules.md: WA-4, WA-5, WA-9 … WA-12, WA-16, WA-17).
import { addDays, compareDates, daysBetween } from '../../calendar/calendar-date.js';
import { escalationBase, workingDayEscalation } from '../escalating.js';
import { expiryEscalationStages, lapseEscalation } from '../expiry.js';
import { recertificationStage } from './recertification.js';
import type { RuleId } from '../../case.js';
import type { EscalationRule, EscalationStage } from '../escalating.js';

export const escalationStages: Readonly<Record<string, readonly EscalationStage[]>> = {
  'surveillance-overdue': ['overdue', 'revocation'],
  suspension: ['three-months', 'six-months'],
  recertification: ['one-month', 'one-week'],
  'suspension-decision': ['warning', 'breach'],
  ...expiryEscalationStages,
};

// WA-17: the recertification audit and decision are unfinished as expiry approaches [policy: a month, a week].
const recertificationDue: EscalationRule = (o, asOf) => {
  const stage = recertificationStage(o.dueOn, asOf);
  if (!stage) return null;
  return {
    ...escalationBase(o),
    kind: 'recertification',
    stage,
    rules: ['WA-17', 'WA-9'],
    facts: {
      renewalAppliedOn: String(o.explanation.params.renewalAppliedOn ?? o.opensOn ?? ''),
      expiresOn: o.dueOn,
      daysLeft: Math.max(0, daysBetween(asOf, o.dueOn)),
    },
  };
};

// WA-10: an overdue audit lets staff suspend; WA-12: at 6 months overdue the rules call for revocation.
const surveillanceOverdue: EscalationRule = (o, asOf) => {
  // WA-4/WA-5 (and WA-6) say which surveillance rule set the audit date; the revocation review names them.
  const auditRules = String(o.explanation.params.auditRules ?? 'WA-4, WA-5').split(', ') as RuleId[];
  const auditDueOn = String(o.explanation.params.auditDueOn ?? (o.opensOn ? addDays(o.opensOn, -1) : ''));
  if (!auditDueOn || compareDates(asOf, auditDueOn) <= 0) return null;
  const revocation = compareDates(asOf, o.dueOn) >= 0;
  return {
    ...escalationBase(o),
    kind: 'surveillance-overdue',
    stage: revocation ? 'revocation' : 'overdue',
    rules: revocation ? ['WA-12', ...auditRules, 'WA-10'] : [...auditRules, 'WA-10', 'WA-12'],
    // WA-4 or WA-5 (and WA-6 when audited jointly): the rules behind the audit date, without the consequences.
    facts: { auditDueOn, overdueDays: daysBetween(auditDueOn, asOf), revocationOn: o.dueOn, auditRules: auditRules.join(', ') },
  };
};

// WA-11: normally 3 months, never more than 6; WA-12: revoked if the corrections are not made.
const suspensionLimit: EscalationRule = (o, asOf) => {
  if (!o.opensOn || compareDates(asOf, o.opensOn) < 0) return null;
  const limit = compareDates(asOf, o.dueOn) >= 0;
  return {
    ...escalationBase(o),
    kind: 'suspension',
    stage: limit ? 'six-months' : 'three-months',
    rules: ['WA-11', 'WA-12'],
    facts: { suspendedOn: String(o.explanation.params.suspendedOn ?? o.occurrence), threeMonthsOn: o.opensOn, limitOn: o.dueOn },
  };
};

/** By obligation kind. */
export const escalations: Readonly<Record<string, EscalationRule>> = {
  'revocation-review': surveillanceOverdue,
  'suspension-end': suspensionLimit,
  recertification: recertificationDue,
  // WA-16: staff decide on suspension after a failed surveillance audit, warned at 80% and breached after.
  'suspension-decision': workingDayEscalation('suspension-decision'),
  // WA-9: staff hear the day a certificate lapsed.
  'lapse-review': lapseEscalation(['WA-9']),
};
