// Which staff escalations are due on a day, read from the stored obligations (docs/rules.md,
// "How certbell reads every rule": certbell reminds and escalates, it never decides). Each escalation
// names the obligation it watches, so that it can be resolved once that obligation is no longer owed.
import { addDays, compareDates, daysBetween } from './calendar/calendar-date.js';
import type { IsoDate } from './calendar/calendar-date.js';
import type { ObligationKind, RuleId, SchemeId } from './case.js';
import type { CaseObligation } from './obligations.js';
import type { WorkingDayCalendar } from './calendar/working-days.js';

export type EscalationKind =
  | 'surveillance-overdue'
  | 'suspension'
  | 'annual-inspection-overdue'
  | 'material-review'
  | 'assessment'
  | 'pledge-not-returned'
  | 'undelivered-reminder';

/**
 * How far an escalation has gone: each stage is raised once.
 * overdue/revocation (WA-10, WA-12); three-months/six-months (WA-11, WA-12); warning/breach (CN-6, CN-7).
 */
export type EscalationStage = 'overdue' | 'revocation' | 'three-months' | 'six-months' | 'warning' | 'breach' | 'failed';

export interface EscalationDue {
  readonly kind: EscalationKind;
  readonly stage: EscalationStage;
  readonly caseRef: string;
  readonly scheme: SchemeId;
  /** The obligation watched: the escalation is resolved when it is no longer owed. */
  readonly obligationKind: ObligationKind;
  readonly occurrence: string;
  /** The rules it cites, the first being the one it is filed under. */
  readonly rules: readonly RuleId[];
  /** The dates and counts that led to it, for the message (rendered with the kind's and stage's words). */
  readonly facts: Readonly<Record<string, string | number>>;
}

export interface EscalationOptions {
  readonly calendar: WorkingDayCalendar;
  /** CN-9 [policy]: calendar days after the public notice ended by which an unreturned pledge is escalated. */
  readonly pledgeEscalateDays: number;
  /** The share of a staff-side working-day period after which staff are warned (CN-6, CN-7). */
  readonly warnAt?: number;
}

/** Each stage's place in its escalation's progression: a later one replaces an earlier one. */
const stageRank: Readonly<Record<EscalationStage, number>> = { warning: 0, overdue: 0, 'three-months': 0, failed: 0, breach: 1, revocation: 1, 'six-months': 1 };

/**
 * Whether a later stage of the same escalation (kind, case, occurrence) was raised too: the earlier
 * one (a CN-6 80% warning once the period is breached) then needs no reminding of its own.
 */
export function superseded(e: Pick<EscalationDue, 'kind' | 'caseRef' | 'occurrence' | 'stage'>, others: readonly Pick<EscalationDue, 'kind' | 'caseRef' | 'occurrence' | 'stage'>[]): boolean {
  return others.some((o) => o.kind === e.kind && o.caseRef === e.caseRef && o.occurrence === e.occurrence && stageRank[o.stage] > stageRank[e.stage]);
}

/** The identity of an escalation: raised once per kind, case, occurrence and stage. */
export function escalationKey(e: Pick<EscalationDue, 'kind' | 'caseRef' | 'occurrence' | 'stage'>): string {
  return [e.kind, e.caseRef, e.occurrence, e.stage].join('|');
}

/** Warn at 80% of the period, unless configured otherwise. */
const DEFAULT_WARN_AT = 0.8;

/**
 * The escalations due on asOf for the given obligations (of any number of cases). Only each
 * obligation's furthest stage reached is returned: a first sweep after a week's downtime raises the
 * breach, not the warning that preceded it.
 */
export function escalationsDue(obligations: readonly CaseObligation[], asOf: IsoDate, options: EscalationOptions): EscalationDue[] {
  // WA-4/WA-5 say which surveillance rule set the audit date; the revocation review of the same period names it.
  const surveillance = new Map<string, CaseObligation>();
  for (const o of obligations) if (o.kind === 'surveillance-audit') surveillance.set(`${o.caseRef}|${o.occurrence}`, o);
  const due: EscalationDue[] = [];
  for (const o of obligations) {
    const found = escalationOf(o, asOf, options, surveillance);
    if (found) due.push(found);
  }
  return due;
}

function escalationOf(o: CaseObligation, asOf: IsoDate, options: EscalationOptions, surveillance: ReadonlyMap<string, CaseObligation>): EscalationDue | null {
  if (o.shownFrom && compareDates(asOf, o.shownFrom) < 0) return null;
  const base = { caseRef: o.caseRef, scheme: o.scheme, obligationKind: o.kind, occurrence: o.occurrence };
  switch (o.kind) {
    case 'revocation-review': {
      // WA-10: an overdue audit lets staff suspend; WA-12: at 6 months overdue the rules call for revocation.
      const audit = surveillance.get(`${o.caseRef}|${o.occurrence}`);
      const auditDueOn = String(o.explanation.params.auditDueOn ?? (o.opensOn ? addDays(o.opensOn, -1) : ''));
      if (!auditDueOn || compareDates(asOf, auditDueOn) <= 0) return null;
      const auditRules = (audit?.rules ?? ['WA-4', 'WA-5']).filter((r) => r !== 'WA-7');
      const revocation = compareDates(asOf, o.dueOn) >= 0;
      return {
        ...base,
        kind: 'surveillance-overdue',
        stage: revocation ? 'revocation' : 'overdue',
        rules: revocation ? ['WA-12', ...auditRules, 'WA-10'] : [...auditRules, 'WA-10', 'WA-12'],
        facts: { auditDueOn, overdueDays: daysBetween(auditDueOn, asOf), revocationOn: o.dueOn },
      };
    }
    case 'suspension-end': {
      // WA-11: normally 3 months, never more than 6; WA-12: revoked if the corrections are not made.
      if (!o.opensOn || compareDates(asOf, o.opensOn) < 0) return null;
      const limit = compareDates(asOf, o.dueOn) >= 0;
      return {
        ...base,
        kind: 'suspension',
        stage: limit ? 'six-months' : 'three-months',
        rules: ['WA-11', 'WA-12'],
        facts: { suspendedOn: String(o.explanation.params.suspendedOn ?? o.occurrence), threeMonthsOn: o.opensOn, limitOn: o.dueOn },
      };
    }
    case 'annual-inspection': {
      // CN-12 overdue: CN-13 lets staff downgrade or cancel; certbell only proposes.
      if (o.scheme !== 'cnce-ns' || compareDates(asOf, o.dueOn) <= 0) return null;
      return {
        ...base,
        kind: 'annual-inspection-overdue',
        stage: 'overdue',
        rules: ['CN-12', 'CN-13'],
        facts: { anniversary: o.dueOn, overdueDays: daysBetween(o.dueOn, asOf), year: Number(o.explanation.params.year ?? 0), issuedOn: String(o.explanation.params.issuedOn ?? '') },
      };
    }
    case 'material-review':
    case 'assessment':
      return workingDayDeadline(o, asOf, options, base);
    case 'pledge': {
      // CN-9: the original pledge comes back after the notice; how long staff wait is the body's policy.
      const noticeEndedOn = o.opensOn ?? o.occurrence;
      const escalateOn = addDays(noticeEndedOn, options.pledgeEscalateDays);
      if (compareDates(asOf, escalateOn) < 0) return null;
      return {
        ...base,
        kind: 'pledge-not-returned',
        stage: 'overdue',
        rules: ['CN-9'],
        facts: { noticeEndedOn, pledgeDueOn: o.dueOn, days: daysBetween(noticeEndedOn, asOf), escalateDays: options.pledgeEscalateDays },
      };
    }
    default:
      return null;
  }
}

/** CN-6 (15 working days), CN-7 (70 working days): warned once most of the period has passed, and again when breached. */
function workingDayDeadline(
  o: CaseObligation,
  asOf: IsoDate,
  options: EscalationOptions,
  base: Pick<EscalationDue, 'caseRef' | 'scheme' | 'obligationKind' | 'occurrence'>,
): EscalationDue | null {
  // The occurrence is the day the clock started (materials or supplement received, fee voucher received).
  const startedOn = o.occurrence;
  const period = options.calendar.workingDaysUntil(startedOn, o.dueOn).count;
  const elapsed = options.calendar.workingDaysUntil(startedOn, asOf).count;
  const warnAfter = Math.ceil(period * (options.warnAt ?? DEFAULT_WARN_AT));
  const breached = compareDates(asOf, o.dueOn) > 0;
  if (!breached && elapsed < warnAfter) return null;
  return {
    ...base,
    kind: o.kind === 'material-review' ? 'material-review' : 'assessment',
    stage: breached ? 'breach' : 'warning',
    rules: [o.kind === 'material-review' ? 'CN-6' : 'CN-7'],
    facts: {
      startedOn,
      dueOn: o.dueOn,
      period,
      elapsed,
      left: breached ? 0 : period - elapsed,
      percent: Math.floor((Math.min(elapsed, period) / period) * 100),
      estimate: o.estimatedYears.length ? o.estimatedYears.join(', ') : '',
    },
  };
}
