// Which obligations a digest lists, on real cases and real dates, and when digests go out.
import { beforeAll, describe, expect, it } from 'vitest';
import { dayToCatchUp } from '../../../src/adapters/scheduler/periodic-job.js';
import { pastScheduledTime } from '../../../src/adapters/scheduler/scheduler.js';
import { digestPeriod, endOfWeek, firesOn, isoWeek, parseDigestSchedule } from '../../../src/app/digest-schedule.js';
import type { DigestSchedule } from '../../../src/app/digest-schedule.js';
import { importCases } from '../../../src/app/import-cases.js';
import { contactDigestItems, staffDigestSections } from '../../../src/app/plan-digest.js';
import { addDays } from '../../../src/domain/calendar/calendar-date.js';
import type { PlannedObligation } from '../../../src/domain/obligations.js';
import { calendar, fakeDeps } from '../../fakes/deps.js';
import { digestCases } from '../../support/digest-cases.js';

const deps = fakeDeps('2026-11-23T01:00:00Z');
beforeAll(async () => {
  expect((await importCases(deps, digestCases, 'test')).ok).toBe(true);
});

async function obligations(asOf: string, caseRefs?: readonly string[]): Promise<PlannedObligation[]> {
  const all: PlannedObligation[] = [];
  for await (const page of deps.cases.obligations({ asOf })) all.push(...page);
  return caseRefs ? all.filter((o) => caseRefs.includes(o.caseRef)) : all;
}

const line = (i: { obligation: PlannedObligation; daysLeft: number }) => [i.obligation.caseRef, i.obligation.kind, i.obligation.rules[0], i.obligation.dueOn, i.daysLeft];

describe("an applicant's digest", () => {
  it('lists the overdue CN-12 inspection first, then the next one whose window has not opened yet (Monday 2026-11-23, 60 days)', async () => {
    const items = contactDigestItems(await obligations('2026-11-23', ['CN-2026-0001', 'CN-2025-0007']), '2026-11-23', 60);
    expect(items.map(line)).toEqual([
      // CN-12: due the day before each anniversary (2026-11-01, 2027-01-10).
      ['CN-2025-0007', 'annual-inspection', 'CN-12', '2026-10-31', -23],
      ['CN-2026-0001', 'annual-inspection', 'CN-12', '2027-01-09', 47],
    ]);
    expect(items[1]?.obligation.status).toBe('upcoming');
    // CN-14 renewals (2028) are far beyond the horizon.
  });

  it('lists the overdue WA-8 information before the WA-4 audit, and leaves out a CN-12 inspection 128 days away', async () => {
    const items = contactDigestItems(await obligations('2026-11-23', ['WA-2025-0003', 'CN-2026-0002']), '2026-11-23', 60);
    expect(items.map(line)).toEqual([
      ['WA-2025-0003', 'surveillance-info', 'WA-8', '2026-09-20', -64],
      ['WA-2025-0003', 'surveillance-audit', 'WA-4', '2026-12-20', 27],
    ]);
  });

  it('includes a deadline exactly at the horizon and not one day past it', async () => {
    const cn = await obligations('2026-11-23', ['CN-2026-0001']);
    expect(contactDigestItems(cn, '2026-11-23', 47).map(line)).toEqual([['CN-2026-0001', 'annual-inspection', 'CN-12', '2027-01-09', 47]]);
    expect(contactDigestItems(cn, '2026-11-23', 46)).toEqual([]);
  });

  it('never shows staff-side deadlines (CN-6 material review) to applicants', async () => {
    expect(contactDigestItems(await obligations('2026-10-08', ['CN-2026-0004']), '2026-10-08', 60)).toEqual([]);
  });
});

describe('the staff digest', () => {
  it('puts overdue items first, then this week, then the next 30 days, by scheme and kind with counts (2026-11-23)', async () => {
    const { sections, weekEndsOn, windowEndsOn } = staffDigestSections(await obligations('2026-11-23'), '2026-11-23', { windowDays: 30, itemsPerGroup: 25 });
    expect([weekEndsOn, windowEndsOn]).toEqual(['2026-11-29', '2026-12-23']);
    expect(sections.map((s) => [s.id, s.count, s.groups.map((g) => [g.scheme, g.kind, g.count, g.items.map((i) => i.obligation.caseRef)])])).toEqual([
      [
        'overdue',
        3,
        [
          ['cnce-ns', 'material-review', 1, ['CN-2026-0004']],
          ['cnce-ns', 'annual-inspection', 1, ['CN-2025-0007']],
          ['wal', 'surveillance-info', 1, ['WA-2025-0003']],
        ],
      ],
      ['this-week', 0, []],
      ['next-30-days', 1, [['wal', 'surveillance-audit', 1, ['WA-2025-0003']]]],
    ]);
  });

  it('on the first working day after National Day 2026 counts the CN-6 review, due 2026-10-23 after the holiday, in the next 30 days', async () => {
    const { sections } = staffDigestSections(await obligations('2026-10-08'), '2026-10-08', { windowDays: 30, itemsPerGroup: 25 });
    expect(sections.map((s) => [s.id, s.groups.flatMap((g) => g.items.map(line))])).toEqual([
      ['overdue', [['WA-2025-0003', 'surveillance-info', 'WA-8', '2026-09-20', -18]]],
      ['this-week', []],
      [
        'next-30-days',
        [
          ['CN-2026-0004', 'material-review', 'CN-6', '2026-10-23', 15],
          ['CN-2025-0007', 'annual-inspection', 'CN-12', '2026-10-31', 23],
        ],
      ],
    ]);
  });

  it('lists at most itemsPerGroup items of a group and still counts them all', async () => {
    // Monday 2027-03-29: the CN-12 inspections of CN-2026-0002 and CN-2026-0003 are both due 2027-03-30, this week.
    const { sections } = staffDigestSections(await obligations('2027-03-29'), '2027-03-29', { windowDays: 30, itemsPerGroup: 1 });
    const week = sections.find((s) => s.id === 'this-week');
    expect(week?.groups.map((g) => [g.kind, g.count, g.items.map((i) => i.obligation.caseRef)])).toEqual([['annual-inspection', 2, ['CN-2026-0002']]]);
  });
});

describe('digest schedules', () => {
  const schedule = (text: string) => parseDigestSchedule(text) as DigestSchedule;

  it('reads the settings and refuses what is not a schedule', () => {
    expect(parseDigestSchedule('mon 09:00')).toEqual({ days: { kind: 'weekdays', weekdays: [1] }, at: '09:00' });
    expect(parseDigestSchedule(' Thu,MON 18:05 ')).toEqual({ days: { kind: 'weekdays', weekdays: [1, 4] }, at: '18:05' });
    expect(parseDigestSchedule('workdays 08:30')).toEqual({ days: { kind: 'working-days' }, at: '08:30' });
    expect(parseDigestSchedule('daily 07:00')).toEqual({ days: { kind: 'daily' }, at: '07:00' });
    expect(parseDigestSchedule('off')).toBeNull();
    for (const bad of ['monday 09:00', 'mon 9:00', 'mon 24:00', 'mon,mon 09:00', '0 9 * * 1', '']) expect(parseDigestSchedule(bad)).toBeUndefined();
  });

  it('sends the staff digest on PRC working days: not in the National Day week, but on the adjusted Sunday 2026-09-20 and Saturday 2026-10-10', () => {
    const days: string[] = [];
    for (let d = '2026-09-19'; d <= '2026-10-11'; d = addDays(d, 1)) if (firesOn(schedule('workdays 08:30'), d, calendar)) days.push(d);
    expect(days).toEqual([
      '2026-09-20', '2026-09-21', '2026-09-22', '2026-09-23', '2026-09-24',
      // 2026-09-25 is the Mid-Autumn Festival.
      '2026-09-28', '2026-09-29', '2026-09-30',
      // 2026-10-01 to 2026-10-07: National Day.
      '2026-10-08', '2026-10-09', '2026-10-10',
    ]);
  });

  it('names a weekly digest by its ISO week and any other by its day', () => {
    expect(isoWeek('2026-11-23')).toBe('2026-W48');
    expect(isoWeek('2026-11-29')).toBe('2026-W48');
    expect(isoWeek('2027-01-01')).toBe('2026-W53');
    expect(isoWeek('2024-12-30')).toBe('2025-W01');
    expect(endOfWeek('2026-11-23')).toBe('2026-11-29');
    expect(digestPeriod(schedule('mon 09:00'), '2026-11-24')).toBe('2026-W48');
    expect(digestPeriod(schedule('mon,thu 09:00'), '2026-11-26')).toBe('2026-11-26');
    expect(digestPeriod(schedule('workdays 08:30'), '2026-11-26')).toBe('2026-11-26');
  });

  it('catches up a missed run at start-up only within its period', () => {
    const weekly = { at: '09:00', firesOn: (d: string) => firesOn(schedule('mon 09:00'), d, calendar), periodOf: (d: string) => digestPeriod(schedule('mon 09:00'), d) };
    const staff = { at: '08:30', firesOn: (d: string) => firesOn(schedule('workdays 08:30'), d, calendar), periodOf: (d: string) => digestPeriod(schedule('workdays 08:30'), d) };
    const zone = 'Asia/Shanghai';
    // Tuesday 10:00 in Shanghai: Monday's weekly digest of W48 is still owed.
    expect(dayToCatchUp(weekly, new Date('2026-11-24T02:00:00Z'), zone, pastScheduledTime)).toBe('2026-11-23');
    // Monday 08:00: not yet; the previous Monday belongs to another week.
    expect(dayToCatchUp(weekly, new Date('2026-11-23T00:00:00Z'), zone, pastScheduledTime)).toBeNull();
    // National Day, 2026-10-03: no staff digest owed, yesterday's is yesterday's.
    expect(dayToCatchUp(staff, new Date('2026-10-03T02:00:00Z'), zone, pastScheduledTime)).toBeNull();
    // The adjusted working Saturday 2026-10-10, 09:00: today's staff digest is owed; at 08:00 it is not yet.
    expect(dayToCatchUp(staff, new Date('2026-10-10T01:00:00Z'), zone, pastScheduledTime)).toBe('2026-10-10');
    expect(dayToCatchUp(staff, new Date('2026-10-10T00:00:00Z'), zone, pastScheduledTime)).toBeNull();
  });
});
