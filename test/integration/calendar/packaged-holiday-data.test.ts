import chineseDays from 'chinese-days';
import { describe, expect, it } from 'vitest';
import { packagedHolidayData } from '../../../src/adapters/calendar/holiday-data.js';
import { addDays, compareDates, weekdayOf } from '../../../src/domain/calendar/calendar-date.js';
import { WorkingDayCalendar } from '../../../src/domain/calendar/working-days.js';

const data = packagedHolidayData();
const calendar = new WorkingDayCalendar(data);

describe('packagedHolidayData (chinese-days 1.5.7)', () => {
  it('covers exactly the years it has official data for: 2004–2026, not 2027', () => {
    expect(calendar.coveredYears()).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
    expect(calendar.hasYear(2027)).toBe(false);
  });

  // chinese-days builds its in-memory tables at import by parsing 'YYYY-M-D' as UTC midnight and
  // reading it back with local getters, so west of UTC its API is a day off (in America/New_York
  // it calls 2025-09-30 National Day). It is a valid oracle only at or east of UTC, which the
  // vitest config pins; our calendar reads the prebuilt JSON and does not have this problem.
  const hostAtOrEastOfUtc = new Date('2025-01-01T00:00:00Z').getTimezoneOffset() <= 0;

  it.runIf(hostAtOrEastOfUtc)('agrees with the package’s own isWorkday on every day it covers', () => {
    // Local noon: the API reads a Date through local getters.
    const localNoon = (d: string) => new Date(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)), 12);
    const disagreements: string[] = [];
    for (let d = '2004-01-01'; compareDates(d, '2026-12-31') <= 0; d = addDays(d, 1)) {
      if (calendar.isWorkingDay(d).working !== chineseDays.isWorkday(localNoon(d))) disagreements.push(d);
    }
    expect(disagreements).toEqual([]);
  });

  it('has adjusted workdays only on weekends and never also as holidays', () => {
    for (const [, year] of data) {
      for (const d of year.adjustedWorkdays) {
        expect(weekdayOf(d)).toBeGreaterThanOrEqual(6);
        expect(year.holidays).not.toContain(d);
      }
    }
  });

  it('matches the State Council notices for Spring Festival and National Day 2025–2026', () => {
    const y2025 = data.get(2025)!;
    const y2026 = data.get(2026)!;
    expect(y2025.holidays).toEqual(expect.arrayContaining(['2025-01-28', '2025-02-04', '2025-10-01', '2025-10-08']));
    expect(y2025.adjustedWorkdays).toEqual(['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']);
    expect(y2026.holidays).toEqual(expect.arrayContaining(['2026-01-01', '2026-01-03', '2026-02-15', '2026-02-23', '2026-10-07']));
    expect(y2026.adjustedWorkdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
  });
});

describe('the packaged calendar on the worked deadlines', () => {
  // Hand-computed in test/unit/domain/working-days.test.ts; here they run on the real package data.
  it.each([
    ['CN-6', '2025-09-26', 15, '2025-10-23'],
    ['CN-6', '2026-09-21', 15, '2026-10-19'],
    ['CN-6', '2024-02-20', 15, '2024-03-12'],
    ['CN-7', '2025-12-01', 70, '2026-03-16'],
    ['CN-7', '2026-01-15', 70, '2026-04-30'],
    ['CN-7', '2025-04-30', 70, '2025-08-12'],
  ])('%s: %s + %i working days = %s', (_rule, start, n, expected) => {
    expect(calendar.addWorkingDays(start, n)).toEqual({ date: expected, missingYears: [] });
  });

  it('CN-7: a period from 2026-12-01 runs into 2027, which the package lacks: flagged', () => {
    expect(calendar.addWorkingDays('2026-12-01', 70)).toEqual({ date: '2027-03-09', missingYears: [2027] });
  });
});
