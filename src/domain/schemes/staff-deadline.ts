// A decision or review staff owe within a number of working days of the day it arose (CN-6, CN-7,
// CN-13, WA-16): no window before it, the arising day as day 0 and as its occurrence, and the years
// the calendar has no holiday data for named, so that the date is shown as an estimate.
import type { IsoDate } from '../calendar/calendar-date.js';
import type { WorkingDayCalendar } from '../calendar/working-days.js';
import type { Explanation, Obligation, ObligationKind, RuleId } from '../case.js';

export function staffDeadline(calendar: WorkingDayCalendar, kind: ObligationKind, rules: readonly RuleId[], from: IsoDate, days: number, explanation: Explanation): Obligation {
  const due = calendar.addWorkingDays(from, days);
  return { kind, rules, audience: 'staff', opensOn: null, dueOn: due.date, counting: 'working-days', estimatedYears: due.missingYears, occurrence: from, explanation };
}
