import { addDays, todayIn } from '../domain/calendar-date.js';
import type { IsoDate } from '../domain/calendar-date.js';
import { planFrom } from '../domain/obligations.js';
import type { PlannedObligation } from '../domain/obligations.js';
import type { Deps } from './ports.js';

export interface Plan {
  readonly asOf: IsoDate;
  readonly obligations: PlannedObligation[];
}

/** Every open obligation of every case as seen on asOf (default today), by due date. */
export async function planAll(deps: Deps, options: { readonly asOf?: IsoDate; readonly withinDays?: number }): Promise<Plan> {
  const asOf = options.asOf ?? todayIn(deps.clock.now(), deps.zone);
  const dueBy = options.withinDays === undefined ? undefined : addDays(asOf, options.withinDays);
  const stored = await deps.cases.obligations({ asOf, ...(dueBy ? { dueBy } : {}) });
  return { asOf, obligations: planFrom(stored, { asOf }) };
}
