// How long until a deadline, counted as its rule counts: CN-6 and CN-7 run in PRC working days, so
// their time left is in working days on every surface; once past, lateness is in calendar days (as
// `certbell plan` says it).
import { daysBetween } from './calendar/calendar-date.js';
import type { IsoDate } from './calendar/calendar-date.js';
import type { Obligation } from './case.js';
import type { WorkingDayCalendar } from './calendar/working-days.js';

export type TimeLeft =
  | { readonly kind: 'overdue'; readonly days: number }
  | { readonly kind: 'today' }
  | { readonly kind: 'left'; readonly count: number; readonly unit: 'days' | 'working-days' };

export function timeLeftOf(o: Pick<Obligation, 'dueOn' | 'counting'>, asOf: IsoDate, calendar: WorkingDayCalendar | null): TimeLeft {
  const days = daysBetween(asOf, o.dueOn);
  if (days < 0) return { kind: 'overdue', days: -days };
  if (days === 0) return { kind: 'today' };
  if (o.counting === 'working-days' && calendar) return { kind: 'left', count: calendar.workingDaysUntil(asOf, o.dueOn).count, unit: 'working-days' };
  return { kind: 'left', count: days, unit: 'days' };
}
