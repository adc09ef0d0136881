import { civilOfEpochDay, epochDayOf, isIsoDate, type IsoDate } from './calendar-date.js';

/** One year of the official PRC arrangement, as published by the State Council each autumn. */
export interface HolidayYear {
  /** Days off, including the weekend days inside a holiday span. */
  holidays: readonly IsoDate[];
  /** 调休: weekend days that are working days to make up for a holiday. */
  adjustedWorkdays: readonly IsoDate[];
}

/** Keyed by calendar year; a year absent from the map is unknown, never assumed ordinary. */
export type HolidayData = ReadonlyMap<number, HolidayYear>;

export interface WorkingDayResult {
  date: IsoDate;
  /**
   * Years the count ran through without holiday data. Non-empty means `date` is an estimate that
   * treated those years as plain Monday–Friday weeks, and must be presented as such.
   */
  missingYears: readonly number[];
}

/**
 * A year laid out as one flag per day, so that counting is an array walk. Built once per year
 * and cached, because addWorkingDays runs for every open case on every reminder pass.
 */
interface YearTable {
  firstDay: number; // epoch day of 1 January
  working: Uint8Array; // 1 = working day, indexed by day of year (0-based)
  before: Uint16Array; // before[i] = working days among days 0..i-1, so a range counts in O(1)
  known: boolean;
}

/**
 * The official PRC working-day calendar: weekends and public holidays are off, adjusted working
 * days (调休) are on even when they fall on a weekend.
 */
export class WorkingDayCalendar {
  readonly #data: HolidayData;
  readonly #tables = new Map<number, YearTable>();

  constructor(data: HolidayData) {
    for (const [year, days] of data) checkYear(year, days);
    this.#data = data;
  }

  coveredYears(): number[] {
    return [...this.#data.keys()].sort((a, b) => a - b);
  }

  hasYear(year: number): boolean {
    return this.#data.has(year);
  }

  /** `known: false` means the answer is the plain Monday–Friday guess for a year without data. */
  isWorkingDay(d: IsoDate): { working: boolean; known: boolean } {
    const day = toEpochDay(d);
    const table = this.#table(yearOfEpochDay(day));
    return { working: table.working[day - table.firstDay] === 1, known: table.known };
  }

  /**
   * The n-th working day after `start`. PRC practice counts a period from the day after the
   * triggering event: the start day is day 0 and never counts, even when it is a working day.
   */
  addWorkingDays(start: IsoDate, n: number): WorkingDayResult {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`working-day count must be an integer ≥ 1, got ${n}`);
    const missingYears: number[] = [];
    let remaining = n;
    let day = toEpochDay(start) + 1;
    for (let year = yearOfEpochDay(day); ; year++) {
      const table = this.#table(year);
      if (!table.known) missingYears.push(year);
      for (let i = day - table.firstDay; i < table.working.length; i++) {
        if (table.working[i] === 1 && --remaining === 0) {
          return { date: fromEpochDay(table.firstDay + i), missingYears };
        }
      }
      day = table.firstDay + table.working.length;
    }
  }

  /**
   * Working days after `from` up to and including `to` (0 when `to` ≤ `from`): the "N working
   * days left" of a deadline, consistent with addWorkingDays (the count to its result is n).
   */
  workingDaysUntil(from: IsoDate, to: IsoDate): { count: number; missingYears: readonly number[] } {
    const last = toEpochDay(to);
    const missingYears: number[] = [];
    let count = 0;
    let day = toEpochDay(from) + 1;
    for (let year = yearOfEpochDay(day); day <= last; year++) {
      const table = this.#table(year);
      if (!table.known) missingYears.push(year);
      const end = Math.min(last, table.firstDay + table.working.length - 1);
      count += (table.before[end + 1 - table.firstDay] ?? 0) - (table.before[day - table.firstDay] ?? 0);
      day = end + 1;
    }
    return { count, missingYears };
  }

  #table(year: number): YearTable {
    let table = this.#tables.get(year);
    if (table === undefined) {
      table = buildTable(year, this.#data.get(year));
      this.#tables.set(year, table);
    }
    return table;
  }
}

function buildTable(year: number, days: HolidayYear | undefined): YearTable {
  // IsoDate has four-digit years; past 9999 a result could not even be written down.
  if (year < 0 || year > 9999) throw new RangeError(`year ${year} is outside the supported calendar`);
  const firstDay = epochDayOf(year, 1, 1);
  const working = new Uint8Array(epochDayOf(year + 1, 1, 1) - firstDay);
  for (let i = 0; i < working.length; i++) working[i] = weekdayOfEpochDay(firstDay + i) <= 5 ? 1 : 0;
  if (days !== undefined) {
    for (const d of days.holidays) working[toEpochDay(d) - firstDay] = 0;
    for (const d of days.adjustedWorkdays) working[toEpochDay(d) - firstDay] = 1;
  }
  const before = new Uint16Array(working.length + 1);
  for (let i = 0; i < working.length; i++) before[i + 1] = (before[i] ?? 0) + (working[i] ?? 0);
  return { firstDay, working, before, known: days !== undefined };
}

/**
 * Data errors are caught by the adapter that reads them; this guard is for programming errors,
 * because a date filed under the wrong year would otherwise be silently ignored by the table.
 */
function checkYear(year: number, days: HolidayYear): void {
  const holidays = new Set(days.holidays);
  for (const d of [...days.holidays, ...days.adjustedWorkdays]) {
    if (!isIsoDate(d) || Number(d.slice(0, 4)) !== year) {
      throw new RangeError(`holiday data for ${year} contains ${JSON.stringify(d)}, which is not a date of that year`);
    }
  }
  for (const d of days.adjustedWorkdays) {
    if (holidays.has(d)) throw new RangeError(`holiday data for ${year} lists ${d} both as a holiday and as a working day`);
  }
}

// Days are counted as integers (days since 1970-01-01), see calendar-date.ts.

function yearOfEpochDay(epochDay: number): number {
  return civilOfEpochDay(epochDay).year;
}

/** ISO weekday, 1 = Monday … 7 = Sunday; 1970-01-01 was a Thursday (4). */
function weekdayOfEpochDay(epochDay: number): number {
  return ((((epochDay + 3) % 7) + 7) % 7) + 1;
}

/**
 * Validates without luxon, since this runs on every call: a date like 2025-02-30 maps to an
 * epoch day whose own date differs, so the round trip rejects it.
 */
function toEpochDay(d: IsoDate): number {
  const epochDay = /^\d{4}-\d{2}-\d{2}$/.test(d) ? epochDayOf(Number(d.slice(0, 4)), Number(d.slice(5, 7)), Number(d.slice(8, 10))) : NaN;
  if (Number.isNaN(epochDay) || fromEpochDay(epochDay) !== d) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(d)}`);
  return epochDay;
}

function fromEpochDay(epochDay: number): IsoDate {
  const { year, month, day } = civilOfEpochDay(epochDay);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
