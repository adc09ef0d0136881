// When 网安联 obligations are escalated to staff (docs/rules.md: WA-4, WA-5, WA-10, WA-11, WA-12).
import { addDays, compareDates, daysBetween } from '../../calendar/calendar-date.js';
import { escalationBase } from '../escalating.js';
import type { RuleId } from '../../case.js';
import type { EscalationRule, EscalationStage } from '../escalating.js';

export const escalationStages: Readonly<Record<string, readonly EscalationStage[]>> = {
  'surveillance-overdue': ['overdue', 'revocation'],
  suspension: ['three-months', 'six-months'],
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
};
