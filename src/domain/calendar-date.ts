import { DateTime } from 'luxon';

/**
 * A calendar day as 'YYYY-MM-DD' (four-digit year, zero-padded month and day), e.g. '2025-10-09'.
 *
 * It names a day on the wall calendar in Asia/Shanghai, not an instant: deadlines such as "within
 * 15 working days" are counted in whole days, so carrying a time or an offset would only invite
 * off-by-one errors at midnight. Because the format is fixed-width, string order is date order.
 */
export type IsoDate = string;

const ISO_DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * All arithmetic happens on a midnight in UTC: UTC has no DST and no zone rules, so adding days or
 * months to a date-only value can never be shifted by the host's TZ or a historical offset change.
 */
function toDateTime(d: IsoDate): DateTime<true> {
  if (!ISO_DATE_SHAPE.test(d)) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(d)}`);
  const dt = DateTime.fromISO(d, { zone: 'utc' });
  if (!dt.isValid) throw new RangeError(`not a real date: ${d}`);
  return dt;
}

function toIsoDate(dt: DateTime<true>): IsoDate {
  return dt.toISODate();
}

/** The date if `text` is exactly YYYY-MM-DD and names a real day (so '2025-02-29' is null). */
export function parseIsoDate(text: string): IsoDate | null {
  // The shape check comes first because luxon's ISO parser also accepts '20250203' and '2025-W06'.
  if (!ISO_DATE_SHAPE.test(text)) return null;
  return DateTime.fromISO(text, { zone: 'utc' }).isValid ? text : null;
}

export function isIsoDate(text: string): boolean {
  return parseIsoDate(text) !== null;
}

export function addDays(d: IsoDate, n: number): IsoDate {
  return toIsoDate(toDateTime(d).plus({ days: n }));
}

/**
 * Same day n months later; when the target month is shorter, the month's last day
 * (2025-01-31 + 1 month = 2025-02-28). This is luxon's rule and also PRC Civil Code Art. 202:
 * a period counted in months or years ends on the corresponding day of the final month, or on
 * that month's last day when it has no corresponding day.
 */
export function addMonths(d: IsoDate, n: number): IsoDate {
  return toIsoDate(toDateTime(d).plus({ months: n }));
}

/** Same clamping as addMonths (Civil Code Art. 202): 2024-02-29 + 1 year = 2025-02-28. */
export function addYears(d: IsoDate, n: number): IsoDate {
  return toIsoDate(toDateTime(d).plus({ years: n }));
}

/** -1, 0 or 1. The fixed-width format makes string order the calendar order, so no parsing. */
export function compareDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** b − a in calendar days (negative when b is earlier). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  // Both are UTC midnights, so the difference is a whole number of days; round() only guards
  // against floating-point noise in the millisecond division.
  return Math.round(toDateTime(b).diff(toDateTime(a), 'days').days);
}

export function yearOf(d: IsoDate): number {
  return toDateTime(d).year;
}

export function endOfYear(year: number): IsoDate {
  if (!Number.isInteger(year) || year < 0 || year > 9999) {
    throw new RangeError(`year out of range: ${year}`);
  }
  return `${String(year).padStart(4, '0')}-12-31`;
}

export function minDate(...ds: IsoDate[]): IsoDate {
  return pick(ds, -1);
}

export function maxDate(...ds: IsoDate[]): IsoDate {
  return pick(ds, 1);
}

function pick(ds: readonly IsoDate[], want: -1 | 1): IsoDate {
  const [first, ...rest] = ds;
  // An empty list has no earliest day; returning a sentinel would hide the caller's bug.
  if (first === undefined) throw new RangeError('minDate/maxDate need at least one date');
  let best = first;
  for (const d of rest) if (compareDates(d, best) === want) best = d;
  return best;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function weekdayOf(d: IsoDate): number {
  return toDateTime(d).weekday;
}

/**
 * The calendar day that `instant` falls on in `zone` (e.g. 'Asia/Shanghai'). The caller supplies
 * the instant from its clock, so the domain stays free of "now".
 */
export function todayIn(instant: Date, zone: string): IsoDate {
  const dt = DateTime.fromJSDate(instant, { zone });
  if (!dt.isValid) throw new RangeError(`cannot place ${String(instant)} in zone ${zone}: ${dt.invalidExplanation ?? dt.invalidReason}`);
  return dt.toISODate();
}
