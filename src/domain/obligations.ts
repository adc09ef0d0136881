import { addDays, compareDates } from './calendar-date.js';
import type { IsoDate } from './calendar-date.js';
import type { CaseState, Obligation, ObligationStatus, SchemeId } from './case.js';
import type { Policy } from './policy.js';
import { schemeFor } from './schemes/index.js';
import type { WorkingDayCalendar } from './working-days.js';

/** Upcoming before its window opens, open until its due date (inclusive), overdue after. */
export function obligationStatus(obligation: Obligation, asOf: IsoDate): ObligationStatus {
  if (compareDates(asOf, obligation.dueOn) > 0) return 'overdue';
  if (obligation.opensOn && compareDates(asOf, obligation.opensOn) < 0) return 'upcoming';
  return 'open';
}

export interface PlannedCase {
  readonly ref: string;
  readonly organizationId: string;
  readonly state: CaseState;
}

export interface PlannedObligation extends Obligation {
  readonly caseRef: string;
  readonly scheme: SchemeId;
  readonly status: ObligationStatus;
}

export interface PlanOptions {
  readonly asOf: IsoDate;
  readonly calendar: WorkingDayCalendar;
  readonly policy: Policy;
  /** Keep only what is overdue or due within this many days of asOf. */
  readonly withinDays?: number;
}

/**
 * The open obligations of a set of cases, in no particular order. Cases of one organisation must be
 * passed together because WA-6 ties their surveillance to each other.
 */
export function obligationsOf(cases: readonly PlannedCase[], options: PlanOptions): PlannedObligation[] {
  const byOrganization = new Map<string, PlannedCase[]>();
  for (const c of cases) {
    const group = byOrganization.get(c.organizationId);
    if (group) group.push(c);
    else byOrganization.set(c.organizationId, [c]);
  }
  const horizon = options.withinDays === undefined ? null : addDays(options.asOf, options.withinDays);
  const planned: PlannedObligation[] = [];
  for (const group of byOrganization.values()) {
    for (const c of group) {
      const siblings = group.length === 1 ? [] : group.filter((s) => s !== c && s.state.scheme === c.state.scheme);
      const obligations = schemeFor(c.state.scheme).obligations(c.state, {
        asOf: options.asOf,
        ref: c.ref,
        calendar: options.calendar,
        policy: options.policy,
        siblings,
      });
      for (const obligation of obligations) {
        if (horizon && compareDates(obligation.dueOn, horizon) > 0) continue;
        // Spelled out rather than spread: spreading these objects was the slowest step of a 100,000-case plan.
        planned.push({
          kind: obligation.kind,
          rules: obligation.rules,
          audience: obligation.audience,
          opensOn: obligation.opensOn,
          dueOn: obligation.dueOn,
          counting: obligation.counting,
          estimatedYears: obligation.estimatedYears,
          occurrence: obligation.occurrence,
          explanation: obligation.explanation,
          caseRef: c.ref,
          scheme: c.state.scheme,
          status: obligationStatus(obligation, options.asOf),
        });
      }
    }
  }
  return planned;
}

/** Sorts in place by due date, then case ref, then kind, and returns the list. */
export function sortByDue<T extends { readonly dueOn: IsoDate; readonly caseRef: string; readonly kind: string }>(list: T[]): T[] {
  // A numeric key per item: comparing date strings on every step made sorting 100,000 cases' obligations
  // as slow as computing them.
  const keyed = list.map((item) => ({ item, day: Number(item.dueOn.slice(0, 4) + item.dueOn.slice(5, 7) + item.dueOn.slice(8, 10)) }));
  keyed.sort((a, b) => a.day - b.day || byText(a.item.caseRef, b.item.caseRef) || byText(a.item.kind, b.item.kind));
  for (const [i, k] of keyed.entries()) list[i] = k.item;
  return list;
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The open obligations of a set of cases, ordered by due date (see obligationsOf). */
export function planObligations(cases: readonly PlannedCase[], options: PlanOptions): PlannedObligation[] {
  return sortByDue(obligationsOf(cases, options));
}
