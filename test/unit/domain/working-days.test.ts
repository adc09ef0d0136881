import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, compareDates, type IsoDate } from '../../../src/domain/calendar/calendar-date.js';
import { WorkingDayCalendar, type HolidayData, type HolidayYear } from '../../../src/domain/calendar/working-days.js';

/** Every day from `from` to `to`, both included. */
function span(from: IsoDate, to: IsoDate): IsoDate[] {
  const days: IsoDate[] = [];
  for (let d = from; compareDates(d, to) <= 0; d = addDays(d, 1)) days.push(d);
  return days;
}

/**
 * The State Council's arrangements for 2024–2026, transcribed from the notices (the same lists
 * chinese-days 1.5.7 ships; test/integration/calendar checks the packaged calendar day by day).
 * 2024: 国办发明电〔2023〕7号; 2025: 国办发明电〔2024〕12号,
 * https://www.gov.cn/zhengce/zhengceku/202411/content_6986383.htm;
 * 2026: https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm
 */
const OFFICIAL: HolidayData = new Map<number, HolidayYear>([
  [
    2024,
    {
      holidays: [
        '2024-01-01',
        ...span('2024-02-10', '2024-02-17'), // Spring Festival
        ...span('2024-04-04', '2024-04-06'),
        ...span('2024-05-01', '2024-05-05'),
        '2024-06-10',
        ...span('2024-09-15', '2024-09-17'),
        ...span('2024-10-01', '2024-10-07'),
      ],
      adjustedWorkdays: ['2024-02-04', '2024-02-18', '2024-04-07', '2024-04-28', '2024-05-11', '2024-09-14', '2024-09-29', '2024-10-12'],
    },
  ],
  [
    2025,
    {
      holidays: [
        '2025-01-01', // Wednesday, no adjustment
        ...span('2025-01-28', '2025-02-04'), // Spring Festival, 8 days
        ...span('2025-04-04', '2025-04-06'),
        ...span('2025-05-01', '2025-05-05'), // Labour Day
        ...span('2025-05-31', '2025-06-02'),
        ...span('2025-10-01', '2025-10-08'), // National Day + Mid-autumn, 8 days
      ],
      // Sun 26 Jan, Sat 8 Feb (Spring Festival); Sun 27 Apr (Labour Day); Sun 28 Sep, Sat 11 Oct (National Day)
      adjustedWorkdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
    },
  ],
  [
    2026,
    {
      holidays: [
        ...span('2026-01-01', '2026-01-03'), // New Year, Thu–Sat
        ...span('2026-02-15', '2026-02-23'), // Spring Festival, 9 days
        ...span('2026-04-04', '2026-04-06'),
        ...span('2026-05-01', '2026-05-05'), // Labour Day
        ...span('2026-06-19', '2026-06-21'),
        ...span('2026-09-25', '2026-09-27'), // Mid-autumn, Fri–Sun
        ...span('2026-10-01', '2026-10-07'), // National Day
      ],
      // Sun 4 Jan; Sat 14 Feb, Sat 28 Feb; Sat 9 May; Sun 20 Sep, Sat 10 Oct
      adjustedWorkdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
    },
  ],
]);

/**
 * Not an official notice: 2027 had no published arrangement when this was written. A plausible
 * operator-supplied year (Spring Festival on Sat 6 Feb 2027) to show how supplied data is used.
 */
const HYPOTHETICAL_2027: HolidayYear = {
  holidays: [...span('2027-01-01', '2027-01-03'), ...span('2027-02-06', '2027-02-14')],
  adjustedWorkdays: ['2027-01-30', '2027-02-20'],
};

const calendar = new WorkingDayCalendar(OFFICIAL);

describe('WorkingDayCalendar: worked examples on the official 2024–2026 calendar', () => {
  // [label, start, n, expected]. The start day is day 0 and never counts.
  const examples: [string, IsoDate, number, IsoDate][] = [
    // Spring Festival 2025: 28 Jan–4 Feb off; Sun 26 Jan and Sat 8 Feb worked.
    ['from a Friday, the adjusted Sunday is the next working day', '2025-01-24', 1, '2025-01-26'],
    ['from a Friday, 2 working days', '2025-01-24', 2, '2025-01-27'],
    ['from a Friday, across the whole Spring Festival', '2025-01-24', 3, '2025-02-05'],
    ['the adjusted Saturday 8 Feb counts', '2025-01-27', 5, '2025-02-10'],
    ['from the adjusted working Saturday itself: it is day 0, not counted', '2025-02-08', 1, '2025-02-10'],
    ['from a holiday (Spring Festival day 2)', '2025-01-29', 1, '2025-02-05'],
    ['from a month end inside the holiday', '2025-01-31', 1, '2025-02-05'],
    // Spring Festival 2026: 15–23 Feb off; Sat 14 Feb and Sat 28 Feb worked.
    ['2026: the Friday before leads to the adjusted Saturday 14 Feb', '2026-02-13', 1, '2026-02-14'],
    ['2026: across the nine-day Spring Festival', '2026-02-13', 2, '2026-02-24'],
    ['2026: from the adjusted Saturday 14 Feb itself', '2026-02-14', 1, '2026-02-24'],
    ['2026: the adjusted Saturday 28 Feb', '2026-02-27', 1, '2026-02-28'],
    ['2026: from Friday 27 Feb, 2 working days, into March', '2026-02-27', 2, '2026-03-02'],
    // National Day 2025: 1–8 Oct off; Sun 28 Sep and Sat 11 Oct worked.
    ['Golden Week 2025: the adjusted Sunday 28 Sep', '2025-09-26', 1, '2025-09-28'],
    ['Golden Week 2025: from the last day of September', '2025-09-30', 1, '2025-10-09'],
    ['Golden Week 2025: from National Day itself, 3 days ends on the adjusted Saturday', '2025-10-01', 3, '2025-10-11'],
    // National Day 2026: 1–7 Oct off, Mid-autumn 25–27 Sep off; Sun 20 Sep and Sat 10 Oct worked.
    ['Golden Week 2026: the adjusted Sunday 20 Sep', '2026-09-18', 1, '2026-09-20'],
    ['Mid-autumn 2026: Friday 25 Sep is off', '2026-09-24', 1, '2026-09-28'],
    ['Golden Week 2026: from 30 Sep', '2026-09-30', 1, '2026-10-08'],
    ['Golden Week 2026: 3 days ends on the adjusted Saturday 10 Oct', '2026-09-30', 3, '2026-10-10'],
    // Labour Day 2025: 1–5 May off, Sun 27 Apr worked; 2026: 1–5 May off, Sat 9 May worked.
    ['Labour Day 2025: the adjusted Sunday 27 Apr', '2025-04-25', 1, '2025-04-27'],
    ['Labour Day 2025: from 30 Apr', '2025-04-30', 1, '2025-05-06'],
    ['Labour Day 2026: from 30 Apr', '2026-04-30', 1, '2026-05-06'],
    ['Labour Day 2026: 4 days ends on the adjusted Saturday 9 May', '2026-04-30', 4, '2026-05-09'],
    // New Year 2026: 1–3 Jan off, Sun 4 Jan worked.
    ['New Year 2026: from New Year’s Eve, the adjusted Sunday 4 Jan', '2025-12-31', 1, '2026-01-04'],
    ['New Year 2026: from New Year’s Eve, 2 working days', '2025-12-31', 2, '2026-01-05'],
    ['New Year 2026: from New Year’s Day (a holiday)', '2026-01-01', 1, '2026-01-04'],
    // Month ends and the leap day 2024-02-29 (a Thursday).
    ['a Friday month end', '2025-11-28', 1, '2025-12-01'],
    ['a Tuesday month end', '2026-06-30', 1, '2026-07-01'],
    ['the leap day is a working day', '2024-02-28', 1, '2024-02-29'],
    ['across the leap day', '2024-02-28', 3, '2024-03-04'],
    ['Spring Festival 2024: the adjusted Sunday 18 Feb', '2024-02-09', 1, '2024-02-18'],
  ];

  it.each(examples)('%s: %s + %i working days = %s', (_label, start, n, expected) => {
    expect(calendar.addWorkingDays(start, n)).toEqual({ date: expected, missingYears: [] });
    expect(calendar.workingDaysUntil(start, expected)).toEqual({ count: n, missingYears: [] });
  });

  it('CN-6: materials received Fri 2025-09-26 → review due 15 working days later, Thu 2025-10-23', () => {
    // Sat 27 Sep off; Sun 28 Sep worked (1); Mon 29 (2); Tue 30 (3); 1–8 Oct off (National Day);
    // Thu 9 (4); Fri 10 (5); Sat 11 worked (6); Sun 12 off; 13–17 Oct (7–11); 20, 21, 22, 23 Oct (12–15).
    expect(calendar.addWorkingDays('2025-09-26', 15)).toEqual({ date: '2025-10-23', missingYears: [] });
  });

  it('CN-6: materials received Mon 2026-09-21 → Mon 2026-10-19, across Mid-autumn and National Day', () => {
    // 22, 23, 24 Sep (1–3); 25–27 off (Mid-autumn); 28, 29, 30 (4–6); 1–7 Oct off; Thu 8 (7), Fri 9 (8),
    // Sat 10 worked (9); Sun 11 off; 12–16 Oct (10–14); Mon 19 (15).
    expect(calendar.addWorkingDays('2026-09-21', 15)).toEqual({ date: '2026-10-19', missingYears: [] });
  });

  it('CN-6: materials received Tue 2024-02-20 → Tue 2024-03-12, counting the leap day', () => {
    // 21, 22, 23 Feb (1–3); 26, 27, 28 (4–6); Thu 29 Feb (7); Fri 1 Mar (8); 4–8 Mar (9–13); 11, 12 (14, 15).
    expect(calendar.addWorkingDays('2024-02-20', 15)).toEqual({ date: '2024-03-12', missingYears: [] });
  });

  it('CN-7: fee voucher received Mon 2025-12-01 → assessment due 70 working days later, Mon 2026-03-16', () => {
    // December 2025: 2–5 (4), 8–12 (9), 15–19 (14), 22–26 (19), 29–31 (22).
    // January 2026: 1–3 off (New Year); Sun 4 worked (23); 5–9 (28), 12–16 (33), 19–23 (38), 26–30 (43).
    // February: 2–6 (48), 9–13 (53), Sat 14 worked (54); 15–23 off (Spring Festival);
    //   Tue 24–Fri 27 (58), Sat 28 worked (59).
    // March: 2–6 (64), 9–13 (69), Mon 16 (70).
    expect(calendar.addWorkingDays('2025-12-01', 70)).toEqual({ date: '2026-03-16', missingYears: [] });
  });

  it('CN-7: fee voucher received Thu 2026-01-15 → Thu 2026-04-30, across Spring Festival and Qingming', () => {
    // Fri 16 Jan (1); 19–23 (6); 26–30 (11); 2–6 Feb (16); 9–13 (21); Sat 14 worked (22); 15–23 off;
    // 24–27 Feb (26); Sat 28 worked (27); 2–6 Mar (32); 9–13 (37); 16–20 (42); 23–27 (47);
    // 30 Mar–3 Apr (52); 4–6 Apr off (Qingming, Sat–Mon); 7–10 Apr (56); 13–17 (61); 20–24 (66); 27–30 (70).
    expect(calendar.addWorkingDays('2026-01-15', 70)).toEqual({ date: '2026-04-30', missingYears: [] });
  });

  it('CN-7: fee voucher received Wed 2025-04-30 → Tue 2025-08-12, across Labour Day and Dragon Boat', () => {
    // 1–5 May off; 6–9 May (4); 12–16 (9); 19–23 (14); 26–30 (19); 31 May–2 Jun off (Dragon Boat);
    // 3–6 Jun (23); 9–13 (28); 16–20 (33); 23–27 (38); 30 Jun–4 Jul (43); 7–11 (48); 14–18 (53);
    // 21–25 (58); 28 Jul–1 Aug (63); 4–8 Aug (68); Mon 11 (69); Tue 12 (70).
    expect(calendar.addWorkingDays('2025-04-30', 70)).toEqual({ date: '2025-08-12', missingYears: [] });
  });
});

describe('WorkingDayCalendar: years without data are flagged, never silently trusted', () => {
  it('CN-7: a period from Tue 2026-12-01 runs into 2027 and is an estimate flagged with 2027', () => {
    // December 2026 has no holidays: 2–4 (3), 7–11 (8), 14–18 (13), 21–25 (18), 28–31 (22).
    // 2027 estimated as plain Mon–Fri: Fri 1 Jan (23); 4 Jan–5 Mar is 9 full weeks (68); 8, 9 Mar (69, 70).
    expect(calendar.addWorkingDays('2026-12-01', 70)).toEqual({ date: '2027-03-09', missingYears: [2027] });
    expect(calendar.workingDaysUntil('2026-12-01', '2027-03-09')).toEqual({ count: 70, missingYears: [2027] });
  });

  it('CN-7: the same period with 2027 supplied by the operator is exact', () => {
    // With the hypothetical 2027 (1–3 Jan and 6–14 Feb off; Sat 30 Jan and Sat 20 Feb worked):
    // 22 by 31 Dec as above; 1–3 Jan off; 4–8 (27), 11–15 (32), 18–22 (37), 25–29 (42), Sat 30 (43);
    // 1–5 Feb (48); 6–14 off; 15–19 (53); Sat 20 (54); 22–26 (59); 1–5 Mar (64); 8–12 (69); Mon 15 (70).
    const supplied = new WorkingDayCalendar(new Map([...OFFICIAL, [2027, HYPOTHETICAL_2027]]));
    expect(supplied.addWorkingDays('2026-12-01', 70)).toEqual({ date: '2027-03-15', missingYears: [] });
  });

  it('flags only the years actually counted through', () => {
    expect(calendar.addWorkingDays('2026-12-30', 1)).toEqual({ date: '2026-12-31', missingYears: [] });
    expect(calendar.addWorkingDays('2026-12-31', 1)).toEqual({ date: '2027-01-01', missingYears: [2027] });
    expect(calendar.addWorkingDays('2026-12-31', 300).missingYears).toEqual([2027, 2028]);
    // The start day is not counted, so starting on the last day of an uncovered year flags nothing.
    expect(calendar.addWorkingDays('2023-12-31', 1)).toEqual({ date: '2024-01-02', missingYears: [] });
    expect(calendar.addWorkingDays('2023-12-28', 1)).toEqual({ date: '2023-12-29', missingYears: [2023] });
  });

  it('isWorkingDay says whether it knows', () => {
    expect(calendar.isWorkingDay('2025-10-08')).toEqual({ working: false, known: true });
    expect(calendar.isWorkingDay('2025-10-11')).toEqual({ working: true, known: true });
    expect(calendar.isWorkingDay('2025-10-12')).toEqual({ working: false, known: true });
    expect(calendar.isWorkingDay('2025-10-13')).toEqual({ working: true, known: true });
    expect(calendar.isWorkingDay('2027-01-01')).toEqual({ working: true, known: false });
    expect(calendar.isWorkingDay('2027-01-02')).toEqual({ working: false, known: false });
  });

  it('reports its covered years, sorted', () => {
    const shuffled = new WorkingDayCalendar(new Map([2026, 2024, 2025].map((y) => [y, OFFICIAL.get(y)!])));
    expect(shuffled.coveredYears()).toEqual([2024, 2025, 2026]);
    expect(shuffled.hasYear(2025)).toBe(true);
    expect(shuffled.hasYear(2027)).toBe(false);
    expect(new WorkingDayCalendar(new Map()).coveredYears()).toEqual([]);
  });
});

describe('WorkingDayCalendar.workingDaysUntil', () => {
  it('counts the days after `from` up to and including `to`', () => {
    expect(calendar.workingDaysUntil('2025-09-26', '2025-10-23').count).toBe(15);
    expect(calendar.workingDaysUntil('2025-12-01', '2026-03-16').count).toBe(70);
    expect(calendar.workingDaysUntil('2025-09-30', '2025-10-08').count).toBe(0); // all National Day
    expect(calendar.workingDaysUntil('2025-10-08', '2025-10-09').count).toBe(1);
    // All of 2025: 261 weekdays − 18 holidays on weekdays + 5 adjusted weekend days = 248.
    expect(calendar.workingDaysUntil('2024-12-31', '2025-12-31').count).toBe(248);
  });

  it('is 0 when `to` is not after `from`', () => {
    expect(calendar.workingDaysUntil('2025-10-23', '2025-10-23')).toEqual({ count: 0, missingYears: [] });
    expect(calendar.workingDaysUntil('2025-10-23', '2025-09-26')).toEqual({ count: 0, missingYears: [] });
    expect(calendar.workingDaysUntil('2027-03-01', '2026-03-01')).toEqual({ count: 0, missingYears: [] });
  });
});

describe('WorkingDayCalendar: misuse is a bug and throws', () => {
  it('rejects a count that is not a positive integer, and a date that is not a real day', () => {
    expect(() => calendar.addWorkingDays('2025-10-01', 0)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2025-10-01', 1.5)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2025-02-29', 1)).toThrow(RangeError);
    expect(() => calendar.isWorkingDay('2025-2-3')).toThrow(RangeError);
    expect(() => calendar.workingDaysUntil('2025-10-01', 'soon')).toThrow(RangeError);
  });

  it('rejects data filed under the wrong year or both on and off', () => {
    const misfiled = new Map([[2025, { holidays: ['2026-01-01'], adjustedWorkdays: [] }]]);
    expect(() => new WorkingDayCalendar(misfiled)).toThrow(RangeError);
    const both = new Map([[2025, { holidays: ['2025-10-11'], adjustedWorkdays: ['2025-10-11'] }]]);
    expect(() => new WorkingDayCalendar(both)).toThrow(RangeError);
  });
});

describe('WorkingDayCalendar: properties', () => {
  // Starts over the covered years and beyond, so that both known and estimated years are exercised.
  const start = fc
    .integer({ min: 0, max: 365 * 4 })
    .map((offset) => addDays('2024-01-01', offset));
  const count = fc.integer({ min: 1, max: 400 });

  it('the result is a working day strictly after the start', () => {
    fc.assert(
      fc.property(start, count, (s, n) => {
        const { date } = calendar.addWorkingDays(s, n);
        expect(compareDates(date, s)).toBe(1);
        expect(calendar.isWorkingDay(date).working).toBe(true);
      }),
    );
  });

  it('workingDaysUntil(start, addWorkingDays(start, n).date) is n, with the same missing years', () => {
    fc.assert(
      fc.property(start, count, (s, n) => {
        const result = calendar.addWorkingDays(s, n);
        expect(calendar.workingDaysUntil(s, result.date)).toEqual({ count: n, missingYears: result.missingYears });
      }),
    );
  });

  it('the result never moves backwards as n grows', () => {
    fc.assert(
      fc.property(start, count, count, (s, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const order = compareDates(calendar.addWorkingDays(s, lo).date, calendar.addWorkingDays(s, hi).date);
        expect(order).toBe(lo === hi ? 0 : -1);
      }),
    );
  });

  it('missingYears is exactly the uncovered years between start and result', () => {
    fc.assert(
      fc.property(start, count, (s, n) => {
        const { date, missingYears } = calendar.addWorkingDays(s, n);
        const first = Number(addDays(s, 1).slice(0, 4));
        const years = Array.from({ length: Number(date.slice(0, 4)) - first + 1 }, (_, i) => first + i);
        expect(missingYears).toEqual(years.filter((y) => !calendar.hasYear(y)));
      }),
    );
  });
});
