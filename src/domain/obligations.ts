import { addDays, compareDates } from './calendar/calendar-date.js';
import type { IsoDate } from './calendar/calendar-date.js';
import type { CaseObligation, CaseState, Obligation, ObligationStatus } from './case.js';
import type { Policy } from './policy.js';
import { schemeFor } from './schemes/registry.js';
import type { WorkingDayCalendar } from './calendar/working-days.js';

/**
 * The version of the rules that compute obligations. Stored obligations are recomputed when it
 * changes, so bump it with any change to what a scheme's obligations() returns.
 */
export const rulesVersion = 4;

/** Upcoming before its window opens, open until its due date (inclusive), overdue after. */
export function obligationStatus(obligation: Pick<Obligation, 'opensOn' | 'dueOn'>, asOf: IsoDate): ObligationStatus {
  if (compareDates(asOf, obligation.dueOn) > 0) return 'overdue';
  if (obligation.opensOn && compareDates(asOf, obligation.opensOn) < 0) return 'upcoming';
  return 'open';
}

export interface PlannedCase {
  readonly ref: string;
  readonly organizationId: string;
  readonly state: CaseState;
}

export type { CaseObligation } from './case.js';

/** A case obligation seen from a given day. */
export interface PlannedObligation extends CaseObligation {
  readonly status: ObligationStatus;
}

export interface RuleContext {
  readonly calendar: WorkingDayCalendar;
  readonly policy: Policy;
}

export interface PlanOptions extends RuleContext {
  readonly asOf: IsoDate;
  /** Keep only what is overdue or due within this many days of asOf. */
  readonly withinDays?: number;
}

/**
 * Every obligation of a set of cases, in no particular order. Cases of one organisation must be
 * passed together because WA-6 ties their surveillance to each other.
 */
export function computeObligations(cases: readonly PlannedCase[], context: RuleContext): CaseObligation[] {
  const byOrganization = new Map<string, PlannedCase[]>();
  for (const c of cases) {
    const group = byOrganization.get(c.organizationId);
    if (group) group.push(c);
    else byOrganization.set(c.organizationId, [c]);
  }
  const computed: CaseObligation[] = [];
  for (const group of byOrganization.values()) {
    for (const c of group) {
      const siblings = group.length === 1 ? [] : group.filter((s) => s !== c && s.state.scheme === c.state.scheme);
      const obligations = schemeFor(c.state.scheme).obligations(c.state, { ref: c.ref, calendar: context.calendar, policy: context.policy, siblings });
      for (const o of obligations) {
        // Spelled out rather than spread: spreading these objects was the slowest step of a 100,000-case plan.
        computed.push({
          kind: o.kind,
          rules: o.rules,
          audience: o.audience,
          opensOn: o.opensOn,
          dueOn: o.dueOn,
          ...(o.shownFrom ? { shownFrom: o.shownFrom } : {}),
          counting: o.counting,
          estimatedYears: o.estimatedYears,
          occurrence: o.occurrence,
          explanation: o.explanation,
          caseRef: c.ref,
          scheme: c.state.scheme,
        });
      }
    }
  }
  return computed;
}

/** The obligations as seen on asOf: those already shown, within the horizon, with their status. Keeps the order. */
export function planFrom(obligations: readonly CaseObligation[], options: { readonly asOf: IsoDate; readonly withinDays?: number }): PlannedObligation[] {
  const horizon = options.withinDays === undefined ? null : addDays(options.asOf, options.withinDays);
  const planned: PlannedObligation[] = [];
  for (const o of obligations) {
    if (o.shownFrom && compareDates(options.asOf, o.shownFrom) < 0) continue;
    if (horizon && compareDates(o.dueOn, horizon) > 0) continue;
    planned.push({ ...o, status: obligationStatus(o, options.asOf) });
  }
  return planned;
}

/** Sorts in place by due date, then case ref, then kind, and returns the list. */
export function sortByDue<T extends { readonly dueOn: IsoDate; readonly caseRef: string; readonly kind: string }>(list: T[]): T[] {
  // Bucketed by due date first: a plan has a few thousand distinct dates, and one comparison sort of
  // all 250,000 obligations of 100,000 cases took longer than computing them.
  const byDay = new Map<IsoDate, T[]>();
  for (const item of list) {
    const bucket = byDay.get(item.dueOn);
    if (bucket) bucket.push(item);
    else byDay.set(item.dueOn, [item]);
  }
  let i = 0;
  for (const day of [...byDay.keys()].sort()) {
    const bucket = byDay.get(day) as T[];
    if (bucket.length > 1) bucket.sort((a, b) => byText(a.caseRef, b.caseRef) || byText(a.kind, b.kind));
    for (const item of bucket) list[i++] = item;
  }
  return list;
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The open obligations of a set of cases as seen on asOf, ordered by due date. */
export function planObligations(cases: readonly PlannedCase[], options: PlanOptions): PlannedObligation[] {
  return sortByDue(planFrom(computeObligations(cases, options), options));
}
