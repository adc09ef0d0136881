import { describe, expect, it } from 'vitest';
import type { CaseObligation } from '../../../src/domain/obligations.js';
import { nextReminder, nextReminders, reminderDue, reminderSchedule } from '../../../src/domain/reminders.js';
import { defaultReminderPolicy as schemesReminderPolicy } from '../../../src/domain/schemes/registry.js';
import { bareObligation } from './builders.js';

const defaultReminderPolicy = schemesReminderPolicy();

function obligation(kind: CaseObligation['kind'], opensOn: string | null, dueOn: string, extra: Partial<CaseObligation> = {}): CaseObligation {
  return { ...bareObligation(kind, opensOn, dueOn, ['CN-12']), caseRef: 'C-1', scheme: 'cnce-ns', ...extra };
}

const schedule = (o: CaseObligation) => reminderSchedule(o, defaultReminderPolicy).map((s) => `${s.id} ${s.sendOn}`);

describe('reminder schedules (policy defaults)', () => {
  it('CN-12 annual inspection: when the window opens, then 14, 7 and 1 days before the anniversary, then overdue', () => {
    // Issued 2026-03-31: anniversary 2027-03-31, window from 2027-02-28.
    expect(schedule(obligation('annual-inspection', '2027-02-28', '2027-03-31'))).toEqual([
      'opens 2027-02-28',
      'due-14d 2027-03-17',
      'due-7d 2027-03-24',
      'due-1d 2027-03-30',
      'overdue 2027-04-01',
    ]);
  });

  it('CN-12 across a leap day: window 2028-02-29 for the 2028-03-29 anniversary', () => {
    expect(schedule(obligation('annual-inspection', '2028-02-29', '2028-03-29'))).toEqual([
      'opens 2028-02-29',
      'due-14d 2028-03-15',
      'due-7d 2028-03-22',
      'due-1d 2028-03-28',
      'overdue 2028-03-30',
    ]);
  });

  it('CN-9 pledge: when the notice ends, then every 3 days until it is due', () => {
    // Notice ended 2026-10-27, pledge due 2026-11-26 (30 days): 10-27, 10-30 … 11-26 (every 3 days lands on it).
    const steps = schedule(obligation('pledge', '2026-10-27', '2026-11-26', { rules: ['CN-9'] }));
    expect(steps[0]).toBe('opens 2026-10-27');
    expect(steps.slice(1, 4)).toEqual(['repeat-2026-10-30 2026-10-30', 'repeat-2026-11-02 2026-11-02', 'repeat-2026-11-05 2026-11-05']);
    expect(steps.at(-2)).toBe('repeat-2026-11-26 2026-11-26');
    expect(steps.at(-1)).toBe('overdue 2026-11-27');
    expect(steps).toHaveLength(1 + 10 + 1);
  });

  it('CN-14 renewal: window 3 months before expiry, then 60, 30 and 14 days before expiry', () => {
    // Expires 2029-03-30: window from 2028-12-30.
    expect(schedule(obligation('renewal', '2028-12-30', '2029-03-30', { rules: ['CN-14'] }))).toEqual([
      'opens 2028-12-30',
      'due-60d 2029-01-29',
      'due-30d 2029-02-28',
      'due-14d 2029-03-16',
      'overdue 2029-03-31',
    ]);
  });

  it('WA-9 renewal has no window of its own: reminded from 3 months before its due date', () => {
    // Expires 2028-06-29, renewal due 2028-03-29 (3 months before); reminders from 2027-12-29.
    expect(schedule(obligation('renewal', null, '2028-03-29', { rules: ['WA-9'], scheme: 'wal' }))).toEqual([
      'opens 2027-12-29',
      'due-60d 2028-01-29',
      'due-30d 2028-02-28',
      'due-14d 2028-03-15',
      'overdue 2028-03-30',
    ]);
  });

  it('WA-8 surveillance information and WA-4/WA-5 surveillance audit', () => {
    expect(schedule(obligation('surveillance-info', null, '2027-05-20', { rules: ['WA-8'], scheme: 'wal' }))).toEqual([
      'due-30d 2027-04-20',
      'due 2027-05-20',
      'overdue 2027-05-21',
    ]);
    expect(schedule(obligation('surveillance-audit', null, '2027-08-20', { rules: ['WA-5'], scheme: 'wal' }))).toEqual([
      'due-30d 2027-07-21',
      'due-7d 2027-08-13',
      'overdue 2027-08-21',
    ]);
  });

  it('never reminds applicants of staff-side deadlines (CN-6, CN-7, WA-12)', () => {
    for (const kind of ['material-review', 'assessment', 'revocation-review'] as const) {
      expect(reminderSchedule(obligation(kind, null, '2026-12-07', { audience: 'staff' }), defaultReminderPolicy)).toEqual([]);
    }
  });

  it('WA-11, WA-12: tells the holder of a suspended certificate on the day, at 3 months and a month before the 6-month limit, what restores it', () => {
    // Suspended 2026-06-15: normally 3 months (2026-09-15), never more than 6 (2026-12-15); after that it is staff's revocation.
    const steps = reminderSchedule(obligation('suspension-end', '2026-09-15', '2026-12-15', { audience: 'staff', scheme: 'wal', rules: ['WA-11', 'WA-12'] }), defaultReminderPolicy);
    expect(steps.map((s) => `${s.id} ${s.sendOn}`)).toEqual(['due-6m 2026-06-15', 'opens 2026-09-15', 'due-30d 2026-11-15']);
  });
});

describe('which reminder a sweep sends', () => {
  const inspection = obligation('annual-inspection', '2027-02-28', '2027-03-31');

  it('sends nothing before the first step, then the latest step already due', () => {
    expect(reminderDue(inspection, defaultReminderPolicy, '2027-02-27')).toBeNull();
    expect(reminderDue(inspection, defaultReminderPolicy, '2027-02-28')?.id).toBe('opens');
    expect(reminderDue(inspection, defaultReminderPolicy, '2027-03-16')?.id).toBe('opens');
    expect(reminderDue(inspection, defaultReminderPolicy, '2027-03-17')?.id).toBe('due-14d');
  });

  it('after downtime, the one latest step, not a backlog', () => {
    // Down from 2027-02-20 to 2027-03-25: the opens and 14-day steps were missed; only the 7-day one goes out.
    expect(reminderDue(inspection, defaultReminderPolicy, '2027-03-25')).toEqual({ id: 'due-7d', sendOn: '2027-03-24', overdue: false });
    expect(reminderDue(inspection, defaultReminderPolicy, '2027-06-01')).toEqual({ id: 'overdue', sendOn: '2027-04-01', overdue: true });
  });

  it('tells what comes next', () => {
    expect(nextReminder(inspection, defaultReminderPolicy, '2027-03-17')).toEqual({ id: 'due-7d', sendOn: '2027-03-24', overdue: false });
    expect(nextReminder(inspection, defaultReminderPolicy, '2027-04-01')).toBeNull();
  });
});

describe('reminderDue agrees with the full schedule', () => {
  it('is the latest scheduled step on or before the day, for any obligation and day', async () => {
    const fc = (await import('fast-check')).default;
    const { addDays } = await import('../../../src/domain/calendar/calendar-date.js');
    const kinds = ['pledge', 'annual-inspection', 'renewal', 'surveillance-info', 'surveillance-audit'] as const;
    fc.assert(
      fc.property(
        fc.constantFrom(...kinds),
        fc.integer({ min: 0, max: 3000 }),
        fc.option(fc.integer({ min: 1, max: 120 }), { nil: null }),
        fc.integer({ min: -200, max: 200 }),
        (kind, dueOffset, windowDays, asOfOffset) => {
          const dueOn = addDays('2024-01-01', dueOffset);
          const o = obligation(kind, windowDays === null ? null : addDays(dueOn, -windowDays), dueOn);
          const asOf = addDays(dueOn, asOfOffset);
          const latest = reminderSchedule(o, defaultReminderPolicy).filter((s) => s.sendOn <= asOf).at(-1) ?? null;
          expect(reminderDue(o, defaultReminderPolicy, asOf)).toEqual(latest);
        },
      ),
      { seed: 20261121, numRuns: 3000 },
    );
  });
});

describe('nextReminders: the next reminder of many obligations on one day', () => {
  it('agrees with nextReminder for every obligation, whether its kind and dates were seen before or not', () => {
    const next = nextReminders(defaultReminderPolicy, '2027-03-17');
    const obligations = [
      obligation('annual-inspection', '2027-02-28', '2027-03-31'), // CN-12: due-7d on 2027-03-24
      obligation('annual-inspection', '2027-02-28', '2027-03-31', { caseRef: 'C-2' }), // the same dates, another case
      obligation('annual-inspection', '2028-02-29', '2028-03-29'), // window opens on a leap day
      obligation('pledge', '2027-03-01', '2027-03-31'),
      obligation('annual-inspection', '2027-02-28', '2027-03-31', { audience: 'staff' }), // staff: never reminded
      obligation('annual-inspection', '2027-01-31', '2027-02-28'), // overdue already: the notice has gone
    ];
    for (const o of obligations) expect(next(o)).toEqual(nextReminder(o, defaultReminderPolicy, '2027-03-17'));
    expect(next(obligations[1]!)).toEqual({ id: 'due-7d', sendOn: '2027-03-24', overdue: false });
    expect(next(obligations[4]!)).toBeNull();
  });
});
