// What a scheme's escalation rules are made of: the shape of a due escalation and the building blocks
// the schemes share (a staff-side working-day period warned at 80% and breached after its last day).
// The rules themselves live in each scheme's folder; domain/escalations.ts applies them.
import { compareDates } from '../calendar/calendar-date.js';
import type { IsoDate } from '../calendar/calendar-date.js';
import type { WorkingDayCalendar } from '../calendar/working-days.js';
import type { CaseObligation, ObligationKind, RuleId, SchemeId } from '../case.js';

/** A scheme's escalation kinds ('surveillance-overdue', 'material-review'…), and 'undelivered-reminder'. */
export type EscalationKind = string;

/**
 * How far an escalation has gone: each stage is raised once, and a scheme lists a kind's stages in
 * order (warning before breach), so that a later one replaces an earlier one.
 */
export type EscalationStage = string;

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

/** The escalation an obligation calls for on asOf, if any (only the furthest stage reached). */
export type EscalationRule = (o: CaseObligation, asOf: IsoDate, options: EscalationOptions) => EscalationDue | null;

/** The fields every escalation of an obligation shares. */
export function escalationBase(o: CaseObligation): Pick<EscalationDue, 'caseRef' | 'scheme' | 'obligationKind' | 'occurrence'> {
  return { caseRef: o.caseRef, scheme: o.scheme, obligationKind: o.kind, occurrence: o.occurrence };
}

/** Warn at 80% of the period, unless configured otherwise. */
const DEFAULT_WARN_AT = 0.8;

/**
 * A staff-side period counted in working days (CN-6, CN-7): warned once most of it has passed, and
 * again when breached. The obligation's occurrence is the day the clock started; its own rules are cited.
 */
export function workingDayEscalation(kind: EscalationKind): EscalationRule {
  return (o, asOf, options) => {
    const startedOn = o.occurrence;
    const period = options.calendar.workingDaysUntil(startedOn, o.dueOn).count;
    const elapsed = options.calendar.workingDaysUntil(startedOn, asOf).count;
    const warnAfter = Math.ceil(period * (options.warnAt ?? DEFAULT_WARN_AT));
    const breached = compareDates(asOf, o.dueOn) > 0;
    if (!breached && elapsed < warnAfter) return null;
    return {
      ...escalationBase(o),
      kind,
      stage: breached ? 'breach' : 'warning',
      rules: o.rules.slice(0, 1),
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
  };
}
