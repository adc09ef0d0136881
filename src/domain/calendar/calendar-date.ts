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

// Arithmetic is done on plain integers (year, month, day and a day count since 1970-01-01), not on
// luxon objects: planning runs it a dozen times per case for 100,000 cases, and date-only values
// have no zone, no DST and no time to get wrong. luxon is kept for the one zone-aware step, todayIn.

interface Ymd {
  readonly y: number;
  readonly m: number;
  readonly d: number;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeap(y) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function partsOf(d: IsoDate): Ymd | null {
  if (!ISO_DATE_SHAPE.test(d)) return null;
  const y = Number(d.slice(0, 4));
  const m = Number(d.slice(5, 7));
  const day = Number(d.slice(8, 10));
  return m >= 1 && m <= 12 && day >= 1 && day <= daysInMonth(y, m) ? { y, m, d: day } : null;
}

function parts(d: IsoDate): Ymd {
  const p = partsOf(d);
  if (!p) throw new RangeError(ISO_DATE_SHAPE.test(d) ? `not a real date: ${d}` : `not a YYYY-MM-DD date: ${JSON.stringify(d)}`);
  return p;
}

function format({ y, m, d }: Ymd): IsoDate {
  if (y < 0 || y > 9999) throw new RangeError(`year out of range: ${y}`);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/**
 * Days since 1970-01-01 (proleptic Gregorian), after Howard Hinnant's "chrono-compatible low-level
 * date algorithms". Exported for the working-day calendar, which counts days as integers.
 */
export function epochDayOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The inverse of epochDayOf. */
export function civilOfEpochDay(epochDay: number): { year: number; month: number; day: number } {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function epochDay({ y, m, d }: Ymd): number {
  return epochDayOf(y, m, d);
}

function fromEpochDay(z: number): Ymd {
  const { year, month, day } = civilOfEpochDay(z);
  return { y: year, m: month, d: day };
}

/** The date if `text` is exactly YYYY-MM-DD and names a real day (so '2025-02-29' is null). */
export function parseIsoDate(text: string): IsoDate | null {
  return partsOf(text) ? text : null;
}

export function isIsoDate(text: string): boolean {
  return partsOf(text) !== null;
}

export function addDays(d: IsoDate, n: number): IsoDate {
  return format(fromEpochDay(epochDay(parts(d)) + n));
}

/**
 * Same day n months later; when the target month is shorter, the month's last day
 * (2025-01-31 + 1 month = 2025-02-28). This is PRC Civil Code Art. 202: a period counted in months
 * or years ends on the corresponding day of the final month, or on that month's last day when it has
 * no corresponding day.
 */
export function addMonths(d: IsoDate, n: number): IsoDate {
  const p = parts(d);
  const total = p.y * 12 + (p.m - 1) + n;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  return format({ y, m, d: Math.min(p.d, daysInMonth(y, m)) });
}

/** Same clamping as addMonths (Civil Code Art. 202): 2024-02-29 + 1 year = 2025-02-28. */
export function addYears(d: IsoDate, n: number): IsoDate {
  return addMonths(d, 12 * n);
}

/** -1, 0 or 1. The fixed-width format makes string order the calendar order, so no parsing. */
export function compareDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** b − a in calendar days (negative when b is earlier). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return epochDay(parts(b)) - epochDay(parts(a));
}

export function yearOf(d: IsoDate): number {
  return parts(d).y;
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
/** ISO weekday: Monday 1 … Sunday 7. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export function weekdayOf(d: IsoDate): Weekday {
  // 1970-01-01 was a Thursday (4).
  return (((((epochDay(parts(d)) + 3) % 7) + 7) % 7) + 1) as Weekday;
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
