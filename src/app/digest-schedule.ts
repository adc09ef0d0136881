// When digests go out: "mon 09:00", "mon,thu 09:00", "daily 07:30" or "workdays 08:30" (PRC working
// days, holidays off and adjusted working weekends on), local time in the rules' zone.
import { addDays, daysBetween, weekdayOf, yearOf } from '../domain/calendar/calendar-date.js';
import type { IsoDate } from '../domain/calendar/calendar-date.js';
import type { WorkingDayCalendar } from '../domain/calendar/working-days.js';

export const weekdayNames = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export type DigestDays = { readonly kind: 'weekdays'; readonly weekdays: readonly number[] } | { readonly kind: 'daily' } | { readonly kind: 'working-days' };

export interface DigestSchedule {
  readonly days: DigestDays;
  /** Local time, "HH:MM". */
  readonly at: string;
}

/** The syntax, for messages that say what was expected. */
export const digestScheduleSyntax = '"mon 09:00", "mon,thu 09:00", "daily 09:00", "workdays 08:30" or "off"';

/** The schedule, null for "off", or undefined when the text is not a schedule. */
export function parseDigestSchedule(text: string): DigestSchedule | null | undefined {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === 'off') return null;
  const match = /^([a-z,]+)\s+([01]\d|2[0-3]):([0-5]\d)$/.exec(trimmed);
  if (!match) return undefined;
  const [, daysText = '', hh = '', mm = ''] = match;
  const at = `${hh}:${mm}`;
  if (daysText === 'daily') return { days: { kind: 'daily' }, at };
  if (daysText === 'workdays') return { days: { kind: 'working-days' }, at };
  const weekdays = daysText.split(',').map((name) => weekdayNames.indexOf(name as (typeof weekdayNames)[number]) + 1);
  if (weekdays.some((d) => d === 0) || new Set(weekdays).size !== weekdays.length) return undefined;
  return { days: { kind: 'weekdays', weekdays: weekdays.sort((a, b) => a - b) }, at };
}

export function firesOn(schedule: DigestSchedule, day: IsoDate, calendar: WorkingDayCalendar): boolean {
  switch (schedule.days.kind) {
    case 'daily':
      return true;
    case 'working-days':
      return calendar.isWorkingDay(day).working;
    case 'weekdays':
      return schedule.days.weekdays.includes(weekdayOf(day));
  }
}

/**
 * The period a digest sent on `day` covers, which names its outbox rows: a weekly digest is one per
 * ISO week ("2026-W48"), whichever day of it it goes out; any other is one per day.
 */
export function digestPeriod(schedule: DigestSchedule, day: IsoDate): string {
  return schedule.days.kind === 'weekdays' && schedule.days.weekdays.length === 1 ? isoWeek(day) : day;
}

/** ISO 8601 week: weeks start on Monday and belong to the year of their Thursday. */
export function isoWeek(day: IsoDate): string {
  const thursday = addDays(day, 4 - weekdayOf(day));
  const year = yearOf(thursday);
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The Sunday that ends the ISO week of `day`. */
export function endOfWeek(day: IsoDate): IsoDate {
  return addDays(day, 7 - weekdayOf(day));
}
