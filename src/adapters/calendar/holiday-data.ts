import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { z } from 'zod';
import { isIsoDate, weekdayOf, type IsoDate } from '../../domain/calendar/calendar-date.js';
import type { HolidayData, HolidayYear } from '../../domain/calendar/working-days.js';
import { errorMessage } from '../../app/errors.js';

// ---------------------------------------------------------------------------------------------
// Packaged data (chinese-days)

// We read the package's prebuilt JSON, not its API: the API silently answers for years it has no
// data for, and it builds its tables through local-time getters, so on a host west of UTC it is a
// day off. The JSON shows which years are covered and has no zone in it. A shape check makes an
// upstream format change fail at startup.
const PackagedJson = z.object({
  holidays: z.record(z.string(), z.string()),
  workdays: z.record(z.string(), z.string()),
  inLieuDays: z.record(z.string(), z.string()),
});

let packaged: HolidayData | undefined;

/**
 * The official arrangements shipped with chinese-days, one entry per year it has data for.
 *
 * Of its three tables, `holidays` (days off) and `workdays` (adjusted working weekend days) decide
 * whether a day is worked. `inLieuDays` (调休日) marks days off that were "borrowed" inside a
 * holiday span and paid back by an adjusted workday (its source: "是节假日，但后续有需要补班").
 * Every such day is also in `holidays`, so it adds nothing to a working-day count and is ignored;
 * we check that subset relation so that a future package version that broke it fails loudly
 * instead of silently miscounting.
 */
export function packagedHolidayData(): HolidayData {
  packaged ??= readPackagedHolidayData();
  return packaged;
}

function readPackagedHolidayData(): HolidayData {
  const path = createRequire(import.meta.url).resolve('chinese-days/dist/chinese-days.json');
  const json = PackagedJson.parse(JSON.parse(readFileSync(path, 'utf8')));
  const notHoliday = Object.keys(json.inLieuDays).filter((d) => !Object.hasOwn(json.holidays, d));
  if (notHoliday.length > 0) {
    throw new Error(`${path}: inLieuDays ${notHoliday.join(', ')} are not holidays; the calendar's reading of chinese-days is out of date`);
  }

  const years = new Map<number, { holidays: IsoDate[]; adjustedWorkdays: IsoDate[] }>();
  const entry = (d: string) => {
    if (!isIsoDate(d)) throw new Error(`${path}: unexpected date key ${JSON.stringify(d)}`);
    // Grouped by the date's own year: a New Year span can start on 30 December of the year before.
    const year = Number(d.slice(0, 4));
    let days = years.get(year);
    if (days === undefined) years.set(year, (days = { holidays: [], adjustedWorkdays: [] }));
    return days;
  };
  for (const d of Object.keys(json.holidays)) entry(d).holidays.push(d);
  for (const d of Object.keys(json.workdays)) entry(d).adjustedWorkdays.push(d);
  return sortedYears(years);
}

// ---------------------------------------------------------------------------------------------
// Operator-supplied years

export type HolidayFileField = 'holidays' | 'adjustedWorkdays';
const FIELDS: readonly HolidayFileField[] = ['holidays', 'adjustedWorkdays'];

interface DateAt {
  file: string;
  year: string;
  field: HolidayFileField;
  index: number;
  value: string;
}

/** Parameters of each error, for translating the message (the English text is only a fallback). */
export interface HolidayFileErrorParams {
  'holiday-file/unreadable': { file: string; reason: string };
  'holiday-file/invalid-json': { file: string; reason: string };
  'holiday-file/not-an-object': { file: string };
  'holiday-file/bad-year-key': { file: string; year: string };
  'holiday-file/year-not-an-object': { file: string; year: string };
  'holiday-file/unknown-key': { file: string; year: string; key: string };
  'holiday-file/missing-field': { file: string; year: string; field: HolidayFileField };
  'holiday-file/not-a-list': { file: string; year: string; field: HolidayFileField };
  'holiday-file/no-holidays': { file: string; year: string };
  'holiday-file/bad-date': DateAt;
  'holiday-file/date-outside-year': DateAt;
  'holiday-file/duplicate-date': DateAt;
  'holiday-file/holiday-and-workday': DateAt;
  'holiday-file/workday-not-weekend': DateAt;
}

export type HolidayFileErrorCode = keyof HolidayFileErrorParams;

const at = (p: DateAt) => `${p.file}: year "${p.year}", ${p.field}[${p.index}]: ${JSON.stringify(p.value)}`;

const MESSAGES: { [C in HolidayFileErrorCode]: (p: HolidayFileErrorParams[C]) => string } = {
  'holiday-file/unreadable': (p) => `${p.file}: cannot read the holiday file: ${p.reason}`,
  'holiday-file/invalid-json': (p) => `${p.file}: not valid JSON: ${p.reason}`,
  'holiday-file/not-an-object': (p) => `${p.file}: expected an object keyed by year, like {"2027": {...}}`,
  'holiday-file/bad-year-key': (p) => `${p.file}: "${p.year}" is not a four-digit year`,
  'holiday-file/year-not-an-object': (p) => `${p.file}: year "${p.year}" must be an object with "holidays" and "adjustedWorkdays"`,
  'holiday-file/unknown-key': (p) => `${p.file}: year "${p.year}" has an unknown key "${p.key}" (allowed: holidays, adjustedWorkdays)`,
  'holiday-file/missing-field': (p) => `${p.file}: year "${p.year}" is missing "${p.field}"`,
  'holiday-file/not-a-list': (p) => `${p.file}: year "${p.year}", ${p.field} must be a list of YYYY-MM-DD dates`,
  'holiday-file/no-holidays': (p) => `${p.file}: year "${p.year}" lists no holidays; every PRC year has public holidays, so the list is probably incomplete`,
  'holiday-file/bad-date': (p) => `${at(p)} is not a real date in YYYY-MM-DD form`,
  'holiday-file/date-outside-year': (p) => `${at(p)} is not in ${p.year}`,
  'holiday-file/duplicate-date': (p) => `${at(p)} is listed twice`,
  'holiday-file/holiday-and-workday': (p) => `${at(p)} is also listed as a holiday`,
  'holiday-file/workday-not-weekend': (p) => `${at(p)} is not a Saturday or Sunday; only weekend days can be adjusted working days`,
};

/** A problem with an operator's holiday file; `code` and `params` are stable, for translation. */
export class HolidayFileError<C extends HolidayFileErrorCode = HolidayFileErrorCode> extends Error {
  override readonly name = 'HolidayFileError';

  constructor(
    readonly code: C,
    readonly params: HolidayFileErrorParams[C],
  ) {
    super(MESSAGES[code](params));
  }
}

/**
 * Reads published holiday arrangements for years the package lacks, e.g.
 * `{ "2027": { "holidays": ["2027-01-01", …], "adjustedWorkdays": ["2027-02-20", …] } }`.
 *
 * Strict, because a wrong entry silently moves a legal deadline: the first problem found throws a
 * HolidayFileError naming the file, year, field and index, and nothing is returned.
 */
export function loadOperatorHolidays(file: string): HolidayData {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new HolidayFileError('holiday-file/unreadable', { file, reason: errorMessage(error) });
  }
  let json: unknown;
  try {
    // Editors on Windows like to prepend a byte-order mark, which JSON.parse rejects.
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new HolidayFileError('holiday-file/invalid-json', { file, reason: errorMessage(error) });
  }
  if (!isPlainObject(json)) throw new HolidayFileError('holiday-file/not-an-object', { file });

  const years = new Map<number, HolidayYear>();
  for (const [year, entry] of Object.entries(json)) {
    years.set(Number(year), readYear(file, year, entry));
  }
  return sortedYears(years);
}

function readYear(file: string, year: string, entry: unknown): HolidayYear {
  if (!/^\d{4}$/.test(year)) throw new HolidayFileError('holiday-file/bad-year-key', { file, year });
  if (!isPlainObject(entry)) throw new HolidayFileError('holiday-file/year-not-an-object', { file, year });
  for (const key of Object.keys(entry)) {
    if (!(FIELDS as readonly string[]).includes(key)) throw new HolidayFileError('holiday-file/unknown-key', { file, year, key });
  }
  const holidays = readDates(file, year, 'holidays', entry['holidays']);
  const adjustedWorkdays = readDates(file, year, 'adjustedWorkdays', entry['adjustedWorkdays']);
  if (holidays.length === 0) throw new HolidayFileError('holiday-file/no-holidays', { file, year });

  const holidaySet = new Set(holidays);
  adjustedWorkdays.forEach((value, index) => {
    const p: DateAt = { file, year, field: 'adjustedWorkdays', index, value };
    if (holidaySet.has(value)) throw new HolidayFileError('holiday-file/holiday-and-workday', p);
    // 调休 only ever turns a weekend day into a working day; a weekday here is a typo.
    if (weekdayOf(value) < 6) throw new HolidayFileError('holiday-file/workday-not-weekend', p);
  });
  return { holidays, adjustedWorkdays };
}

function readDates(file: string, year: string, field: HolidayFileField, list: unknown): IsoDate[] {
  if (list === undefined) throw new HolidayFileError('holiday-file/missing-field', { file, year, field });
  if (!Array.isArray(list)) throw new HolidayFileError('holiday-file/not-a-list', { file, year, field });
  const seen = new Set<string>();
  return list.map((item: unknown, index) => {
    const value = typeof item === 'string' ? item : JSON.stringify(item);
    const p: DateAt = { file, year, field, index, value };
    if (typeof item !== 'string' || !isIsoDate(item)) throw new HolidayFileError('holiday-file/bad-date', p);
    if (!item.startsWith(`${year}-`)) throw new HolidayFileError('holiday-file/date-outside-year', p);
    if (seen.has(item)) throw new HolidayFileError('holiday-file/duplicate-date', p);
    seen.add(item);
    return item;
  });
}

/**
 * Operator years replace the package's for the same year as a whole: a published arrangement is
 * one notice, and mixing two versions of it would produce a calendar nobody published.
 */
export function mergeHolidayData(base: HolidayData, override: HolidayData): HolidayData {
  return sortedYears(new Map([...base, ...override]));
}

function sortedYears(years: HolidayData): HolidayData {
  const sorted = [...years].sort(([a], [b]) => a - b);
  return new Map(sorted.map(([year, days]) => [year, { holidays: [...days.holidays].sort(), adjustedWorkdays: [...days.adjustedWorkdays].sort() }]));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
