import { todayIn } from '../domain/calendar-date.js';
import type { IsoDate } from '../domain/calendar-date.js';
import { obligationsOf, sortByDue } from '../domain/obligations.js';
import type { PlannedObligation } from '../domain/obligations.js';
import type { Deps } from './ports.js';

export interface Plan {
  readonly asOf: IsoDate;
  readonly obligations: PlannedObligation[];
}

const batchSize = 5_000;

/** Every open obligation of every case, by due date. */
export async function planAll(deps: Deps, options: { readonly asOf?: IsoDate; readonly withinDays?: number }): Promise<Plan> {
  const asOf = options.asOf ?? todayIn(deps.clock.now(), deps.zone);
  const obligations: PlannedObligation[] = [];
  for await (const batch of deps.cases.planningBatches(batchSize)) {
    for (const o of obligationsOf(batch, { asOf, calendar: deps.calendar, policy: deps.policy, withinDays: options.withinDays })) {
      obligations.push(o);
    }
  }
  return { asOf, obligations: sortByDue(obligations) };
}
