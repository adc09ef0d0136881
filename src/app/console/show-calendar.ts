// The calendar: one month of deadlines for the cases matching the list's filter, counted per day
// and kind in one query, laid out in whole weeks (Monday first) with the PRC working-day calendar,
// so that a deadline on a holiday or on a made-up working Saturday (调休) shows as such.
import { addDays, addMonths, todayIn, weekdayOf } from '../../domain/calendar/calendar-date.js';
import type { Weekday } from '../../domain/calendar/calendar-date.js';
import type { IsoDate } from '../../domain/calendar/calendar-date.js';
import type { WorkingDayCalendar } from '../../domain/calendar/working-days.js';
import type { ObligationKind } from '../../domain/case.js';
import type { CaseFilter, CaseQueries } from './console-ports.js';

/** YYYY-MM. */
export type Month = string;

export interface CalendarDay {
  readonly date: IsoDate;
  /** 1 = Monday … 7 = Sunday. */
  readonly weekday: Weekday;
  readonly inMonth: boolean;
  readonly today: boolean;
  /** A weekend or public holiday without work, by the holiday calendar (a plain weekend for a year without data). */
  readonly dayOff: boolean;
  /** A Saturday or Sunday worked in exchange for a holiday. */
  readonly madeUpWorkday: boolean;
  readonly counts: readonly { readonly kind: ObligationKind; readonly count: number }[];
  readonly total: number;
}

export interface CalendarView {
  readonly month: Month;
  readonly previous: Month;
  readonly next: Month;
  readonly asOf: IsoDate;
  /** The filter without its due range and page: the month is the range. */
  readonly filter: CaseFilter;
  readonly weeks: readonly (readonly CalendarDay[])[];
  readonly total: number;
}

export interface CalendarDeps {
  readonly caseQueries: CaseQueries;
  readonly calendar: WorkingDayCalendar;
  readonly clock: { now(): Date };
  readonly zone: string;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The month asked for, or this month when none (or one that is not YYYY-MM from 2000 to 2099) is given. */
export function parseMonth(text: string | undefined, asOf: IsoDate): { readonly month: Month; readonly ignored: boolean } {
  const value = text?.trim();
  const match = value ? MONTH.exec(value) : null;
  if (match && Number(match[1]) >= 2000 && Number(match[1]) <= 2099) return { month: value as Month, ignored: false };
  return { month: asOf.slice(0, 7), ignored: Boolean(value) };
}

export function currentDay(deps: Pick<CalendarDeps, 'clock' | 'zone'>): IsoDate {
  return todayIn(deps.clock.now(), deps.zone);
}

export async function showCalendar(deps: CalendarDeps, filter: CaseFilter, month: Month): Promise<CalendarView> {
  const asOf = currentDay(deps);
  const first = `${month}-01`;
  const last = addDays(addMonths(first, 1), -1);
  const monthFilter: CaseFilter = { ...filter, dueFrom: undefined, dueTo: undefined, page: 1 };
  const counts = await deps.caseQueries.dueCalendar(monthFilter, asOf, first, last);
  const byDay = new Map<IsoDate, { kind: ObligationKind; count: number }[]>();
  for (const c of counts) byDay.set(c.dueOn, [...(byDay.get(c.dueOn) ?? []), { kind: c.kind, count: c.count }]);
  const gridStart = addDays(first, 1 - weekdayOf(first));
  const gridEnd = addDays(last, 7 - weekdayOf(last));
  const weeks: CalendarDay[][] = [];
  for (let date = gridStart; date <= gridEnd; date = addDays(date, 1)) {
    const weekday = weekdayOf(date);
    if (weekday === 1) weeks.push([]);
    const dayCounts = byDay.get(date) ?? [];
    const { working } = deps.calendar.isWorkingDay(date);
    weeks[weeks.length - 1]?.push({
      date,
      weekday,
      inMonth: date >= first && date <= last,
      today: date === asOf,
      dayOff: !working,
      madeUpWorkday: working && weekday >= 6,
      counts: dayCounts,
      total: dayCounts.reduce((n, c) => n + c.count, 0),
    });
  }
  return {
    month,
    previous: addMonths(first, -1).slice(0, 7),
    next: addMonths(first, 1).slice(0, 7),
    asOf,
    filter: monthFilter,
    weeks,
    total: counts.reduce((n, c) => n + c.count, 0),
  };
}
