import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  HolidayFileError,
  loadOperatorHolidays,
  mergeHolidayData,
  packagedHolidayData,
  type HolidayFileErrorCode,
} from '../../../src/adapters/calendar/holiday-data.js';
import { WorkingDayCalendar } from '../../../src/domain/calendar/working-days.js';

const dir = mkdtempSync(join(tmpdir(), 'certbell-holidays-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileCount = 0;
function writeFile(content: unknown): string {
  const file = join(dir, `holidays-${++fileCount}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

/**
 * Not an official notice (none was published for 2027 when this was written): a plausible year
 * with Spring Festival on Sat 6 Feb 2027, as an operator would type it in.
 */
const YEAR_2027 = {
  holidays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12', '2027-02-13', '2027-02-14'],
  adjustedWorkdays: ['2027-01-30', '2027-02-20'],
};

describe('loadOperatorHolidays: a valid file', () => {
  it('reads the years it supplies, dates sorted', () => {
    const file = writeFile({ '2027': { holidays: [...YEAR_2027.holidays].reverse(), adjustedWorkdays: YEAR_2027.adjustedWorkdays } });
    const data = loadOperatorHolidays(file);
    expect([...data.keys()]).toEqual([2027]);
    expect(data.get(2027)).toEqual(YEAR_2027);
  });

  it('accepts a byte-order mark and an empty object', () => {
    expect(loadOperatorHolidays(writeFile(`\uFEFF${JSON.stringify({ '2027': YEAR_2027 })}`)).has(2027)).toBe(true);
    expect(loadOperatorHolidays(writeFile({})).size).toBe(0);
  });

  it('CN-7: merged with the package, a period into 2027 is exact instead of flagged', () => {
    const calendar = new WorkingDayCalendar(mergeHolidayData(packagedHolidayData(), loadOperatorHolidays(writeFile({ '2027': YEAR_2027 }))));
    expect(calendar.coveredYears().at(-1)).toBe(2027);
    // Hand count in test/unit/domain/working-days.test.ts: 22 working days in December 2026, then
    // 2027 with 1–3 Jan and 6–14 Feb off and Sat 30 Jan and Sat 20 Feb worked → Mon 15 Mar.
    expect(calendar.addWorkingDays('2026-12-01', 70)).toEqual({ date: '2027-03-15', missingYears: [] });
  });

  it('an operator year replaces the package’s year as a whole', () => {
    // Say a correction moved the 2026 National Day holiday; nothing of the packaged 2026 survives.
    const override = loadOperatorHolidays(writeFile({ '2026': { holidays: ['2026-10-01'], adjustedWorkdays: [] } }));
    const merged = mergeHolidayData(packagedHolidayData(), override);
    expect(merged.get(2026)).toEqual({ holidays: ['2026-10-01'], adjustedWorkdays: [] });
    expect(merged.get(2025)).toEqual(packagedHolidayData().get(2025));
    const calendar = new WorkingDayCalendar(merged);
    expect(calendar.isWorkingDay('2026-10-02')).toEqual({ working: true, known: true });
    expect(calendar.isWorkingDay('2026-02-16')).toEqual({ working: true, known: true });
  });
});

describe('loadOperatorHolidays: each kind of bad file is refused with a precise code', () => {
  function failure(file: string): HolidayFileError {
    try {
      loadOperatorHolidays(file);
    } catch (error) {
      expect(error).toBeInstanceOf(HolidayFileError);
      return error as HolidayFileError;
    }
    throw new Error(`expected ${file} to be refused, but it loaded`);
  }

  const good = YEAR_2027;
  const cases: [string, unknown, HolidayFileErrorCode, Record<string, unknown>][] = [
    ['top level is a list', [good], 'holiday-file/not-an-object', {}],
    ['year key is not four digits', { '27': good }, 'holiday-file/bad-year-key', { year: '27' }],
    ['year is not an object', { '2027': ['2027-01-01'] }, 'holiday-file/year-not-an-object', { year: '2027' }],
    ['unknown key (a typo)', { '2027': { ...good, adjustedWorkday: [] } }, 'holiday-file/unknown-key', { year: '2027', key: 'adjustedWorkday' }],
    ['missing adjustedWorkdays', { '2027': { holidays: good.holidays } }, 'holiday-file/missing-field', { year: '2027', field: 'adjustedWorkdays' }],
    ['holidays not a list', { '2027': { ...good, holidays: '2027-01-01' } }, 'holiday-file/not-a-list', { year: '2027', field: 'holidays' }],
    ['no holidays at all', { '2027': { holidays: [], adjustedWorkdays: [] } }, 'holiday-file/no-holidays', { year: '2027' }],
    [
      'a date that does not exist',
      { '2027': { ...good, holidays: ['2027-01-01', '2027-02-29'] } },
      'holiday-file/bad-date',
      { year: '2027', field: 'holidays', index: 1, value: '2027-02-29' },
    ],
    [
      'an unpadded date',
      { '2027': { ...good, adjustedWorkdays: ['2027-1-30'] } },
      'holiday-file/bad-date',
      { year: '2027', field: 'adjustedWorkdays', index: 0, value: '2027-1-30' },
    ],
    [
      'a number instead of a date',
      { '2027': { ...good, holidays: ['2027-01-01', 20270102] } },
      'holiday-file/bad-date',
      { year: '2027', field: 'holidays', index: 1, value: '20270102' },
    ],
    [
      'a date of another year',
      { '2027': { ...good, holidays: ['2027-01-01', '2026-12-31'] } },
      'holiday-file/date-outside-year',
      { year: '2027', field: 'holidays', index: 1, value: '2026-12-31' },
    ],
    [
      'a date listed twice',
      { '2027': { ...good, holidays: ['2027-01-01', '2027-01-02', '2027-01-01'] } },
      'holiday-file/duplicate-date',
      { year: '2027', field: 'holidays', index: 2, value: '2027-01-01' },
    ],
    [
      'a date both off and on',
      { '2027': { ...good, adjustedWorkdays: ['2027-01-30', '2027-02-13'] } },
      'holiday-file/holiday-and-workday',
      { year: '2027', field: 'adjustedWorkdays', index: 1, value: '2027-02-13' },
    ],
    [
      'an adjusted workday on a weekday',
      { '2027': { ...good, adjustedWorkdays: ['2027-01-30', '2027-02-22'] } },
      'holiday-file/workday-not-weekend',
      { year: '2027', field: 'adjustedWorkdays', index: 1, value: '2027-02-22' },
    ],
  ];

  it.each(cases)('%s → %s', (_label, content, code, params) => {
    const file = writeFile(content);
    const error = failure(file);
    expect(error.code).toBe(code);
    expect(error.params).toEqual({ file, ...params });
    expect(error.message).toContain(file);
  });

  it('names the field and index in the message', () => {
    const error = failure(writeFile({ '2027': { ...good, holidays: ['2027-01-01', '2027-02-29'] } }));
    expect(error.message).toMatch(/year "2027", holidays\[1\]: "2027-02-29"/);
  });

  it('invalid JSON → holiday-file/invalid-json with the parser’s reason', () => {
    const file = writeFile('{ "2027": { "holidays": ["2027-01-01",] } }');
    const error = failure(file);
    expect(error.code).toBe('holiday-file/invalid-json');
    expect(error.params).toEqual({ file, reason: expect.stringMatching(/JSON/) });
    expect(error.message).toContain(file);
  });

  it('a missing file → holiday-file/unreadable', () => {
    const file = join(dir, 'no-such-file.json');
    const error = failure(file);
    expect(error.code).toBe('holiday-file/unreadable');
    expect(error.params).toEqual({ file, reason: expect.stringMatching(/ENOENT/) });
  });
});
