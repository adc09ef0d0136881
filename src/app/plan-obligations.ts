import { addDays, todayIn } from '../domain/calendar/calendar-date.js';
import type { IsoDate } from '../domain/calendar/calendar-date.js';
import type { PlannedObligation } from '../domain/obligations.js';
import type { Deps } from './ports.js';

export interface Plan {
  readonly asOf: IsoDate;
  readonly obligations: PlannedObligation[];
}

export interface PlanOptions {
  readonly asOf?: IsoDate;
  readonly withinDays?: number;
}

/**
 * Every open obligation of every case as seen on asOf (default today), by due date, page by page:
 * 100,000 cases owe some 250,000, which a caller can write out without holding them all.
 */
export function planPages(deps: Deps, options: PlanOptions): { readonly asOf: IsoDate; readonly pages: AsyncIterable<PlannedObligation[]> } {
  const asOf = options.asOf ?? todayIn(deps.clock.now(), deps.zone);
  const dueBy = options.withinDays === undefined ? undefined : addDays(asOf, options.withinDays);
  return { asOf, pages: deps.cases.obligations({ asOf, ...(dueBy ? { dueBy } : {}) }) };
}

/** The whole plan at once, for callers that want it in memory. */
export async function planAll(deps: Deps, options: PlanOptions): Promise<Plan> {
  const { asOf, pages } = planPages(deps, options);
  const obligations: PlannedObligation[] = [];
  for await (const page of pages) obligations.push(...page);
  return { asOf, obligations };
}
