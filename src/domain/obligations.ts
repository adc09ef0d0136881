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
 * The open obligations of a set of cases, ordered by due date. Cases of one organisation are planned
 * together because WA-6 ties their surveillance to each other.
 */
export function planObligations(cases: readonly PlannedCase[], options: PlanOptions): PlannedObligation[] {
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
        planned.push({ ...obligation, caseRef: c.ref, scheme: c.state.scheme, status: obligationStatus(obligation, options.asOf) });
      }
    }
  }
  return planned.sort((a, b) => compareDates(a.dueOn, b.dueOn) || (a.caseRef < b.caseRef ? -1 : a.caseRef > b.caseRef ? 1 : 0));
}
