import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  addYears,
  compareDates,
  daysBetween,
  endOfYear,
  isIsoDate,
  maxDate,
  minDate,
  parseIsoDate,
  todayIn,
  weekdayOf,
  yearOf,
} from '../../../src/domain/calendar/calendar-date.js';

/** Any real day from 1900 to 2100, as an IsoDate. */
const isoDate = fc
  .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('parseIsoDate / isIsoDate', () => {
  it.each(['2025-01-01', '2024-02-29', '2000-02-29', '2025-12-31'])('accepts %s', (text) => {
    expect(parseIsoDate(text)).toBe(text);
    expect(isIsoDate(text)).toBe(true);
  });

  it.each([
    ['2025-02-29', 'not a leap year'],
    ['1900-02-29', 'century, not a leap year'],
    ['2025-2-3', 'unpadded'],
    ['20250203', 'basic ISO format'],
    ['2025-13-01', 'no month 13'],
    ['2025-04-31', 'April has 30 days'],
    ['2025-01-01T00:00', 'a time'],
    [' 2025-01-01', 'surrounding space'],
    ['2025-W06', 'week date'],
    ['', 'empty'],
  ])('rejects %s (%s)', (text) => {
    expect(parseIsoDate(text)).toBeNull();
    expect(isIsoDate(text)).toBe(false);
  });
});

describe('addDays', () => {
  it('crosses month, year and leap-day boundaries', () => {
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-29', 1)).toBe('2024-03-01');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(addDays('2025-10-01', 0)).toBe('2025-10-01');
  });

  it('throws on a date that is not a real day', () => {
    expect(() => addDays('2025-02-29', 1)).toThrow(RangeError);
    expect(() => addDays('2025-2-3', 1)).toThrow(RangeError);
  });
});

describe('addMonths / addYears clamp to the month end (PRC Civil Code Art. 202)', () => {
  it.each([
    ['2025-01-31', 1, '2025-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2025-03-31', -1, '2025-02-28'],
    ['2025-05-31', 1, '2025-06-30'],
    ['2025-08-31', 1, '2025-09-30'],
    ['2025-01-15', 1, '2025-02-15'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2025-11-30', 3, '2026-02-28'],
    // CN-12: the annual-inspection window opens one month before the anniversary.
    ['2026-03-31', -1, '2026-02-28'],
  ])('addMonths(%s, %i) = %s', (d, n, expected) => {
    expect(addMonths(d, n)).toBe(expected);
  });

  it.each([
    ['2024-02-29', 1, '2025-02-28'],
    // CN-11 / WA-9: a 3-year certificate issued on a leap day expires on 28 February.
    ['2024-02-29', 3, '2027-02-28'],
    ['2024-02-29', 4, '2028-02-29'],
    ['2025-06-30', 3, '2028-06-30'],
  ])('addYears(%s, %i) = %s', (d, n, expected) => {
    expect(addYears(d, n)).toBe(expected);
  });

  it('never produces an invalid date, and never a later day of the month', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: -120, max: 120 }), (d, n) => {
        const result = addMonths(d, n);
        expect(isIsoDate(result)).toBe(true);
        expect(Number(result.slice(8))).toBeLessThanOrEqual(Number(d.slice(8)));
        expect(isIsoDate(addYears(d, Math.trunc(n / 12)))).toBe(true);
      }),
    );
  });
});

describe('comparisons and parts', () => {
  it('compareDates orders by calendar day', () => {
    expect(compareDates('2025-09-30', '2025-10-01')).toBe(-1);
    expect(compareDates('2025-10-01', '2025-10-01')).toBe(0);
    expect(compareDates('2026-01-01', '2025-12-31')).toBe(1);
  });

  it('daysBetween is b − a in calendar days', () => {
    expect(daysBetween('2025-01-01', '2025-03-01')).toBe(59);
    expect(daysBetween('2024-01-01', '2024-03-01')).toBe(60);
    expect(daysBetween('2025-03-01', '2025-01-01')).toBe(-59);
    expect(daysBetween('2025-12-31', '2026-01-01')).toBe(1);
  });

  it('daysBetween agrees with addDays', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: -5000, max: 5000 }), (d, n) => {
        expect(daysBetween(d, addDays(d, n))).toBe(n);
      }),
    );
  });

  it('yearOf, endOfYear, weekdayOf', () => {
    expect(yearOf('2026-02-17')).toBe(2026);
    expect(endOfYear(2026)).toBe('2026-12-31');
    expect(weekdayOf('2025-09-28')).toBe(7); // Sunday, an adjusted working day
    expect(weekdayOf('2025-10-11')).toBe(6); // Saturday, an adjusted working day
    expect(weekdayOf('2025-12-01')).toBe(1);
  });

  it('minDate and maxDate pick the earliest and latest; an empty list is a bug', () => {
    expect(minDate('2026-03-16', '2025-10-23', '2026-01-04')).toBe('2025-10-23');
    expect(maxDate('2026-03-16', '2025-10-23', '2026-01-04')).toBe('2026-03-16');
    expect(minDate('2025-01-01')).toBe('2025-01-01');
    expect(() => minDate()).toThrow(RangeError);
    expect(() => maxDate()).toThrow(RangeError);
  });
});

describe('todayIn', () => {
  // 16:30 UTC on 31 December is already 00:30 on 1 January in Shanghai (UTC+8, no DST).
  const instant = new Date('2025-12-31T16:30:00Z');

  it('gives the calendar day of the instant in the zone, whatever the host TZ', () => {
    expect(todayIn(instant, 'Asia/Shanghai')).toBe('2026-01-01');
    expect(todayIn(instant, 'UTC')).toBe('2025-12-31');
    expect(todayIn(new Date('2025-12-31T15:59:59Z'), 'Asia/Shanghai')).toBe('2025-12-31');
  });

  it('throws on an unknown zone or an invalid instant', () => {
    expect(() => todayIn(instant, 'Mars/Olympus_Mons')).toThrow(RangeError);
    expect(() => todayIn(new Date(Number.NaN), 'Asia/Shanghai')).toThrow(RangeError);
  });
});

describe('integer date arithmetic agrees with luxon, the reference implementation', () => {
  // The domain does its arithmetic on integers for speed; luxon (UTC, date-only) is the yardstick.
  const luxonDay = (d: string) => DateTime.fromISO(d, { zone: 'utc' });
  const anyDate = fc
    .date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true })
    .map((x) => x.toISOString().slice(0, 10));

  it('addDays, addMonths, addYears, daysBetween and weekdayOf', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -4000, max: 4000 }), fc.integer({ min: -60, max: 60 }), (d, days, months) => {
        expect(addDays(d, days)).toBe(luxonDay(d).plus({ days }).toISODate());
        expect(addMonths(d, months)).toBe(luxonDay(d).plus({ months }).toISODate());
        expect(addYears(d, Math.trunc(months / 12))).toBe(luxonDay(d).plus({ years: Math.trunc(months / 12) }).toISODate());
        const other = addDays(d, days);
        expect(daysBetween(d, other)).toBe(days);
        expect(weekdayOf(d)).toBe(luxonDay(d).weekday);
      }),
      { seed: 20261121, numRuns: 2000 },
    );
  });

  it('parseIsoDate accepts exactly the real days', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2199 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (y, m, d) => {
        const text = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        expect(parseIsoDate(text) !== null).toBe(DateTime.fromISO(text, { zone: 'utc' }).isValid);
      }),
      { seed: 20261121, numRuns: 2000 },
    );
  });
});
