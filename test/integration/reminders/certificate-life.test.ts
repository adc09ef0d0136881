// Three years of a CNCE-NS and a 网安联 certificate, day by day, through the real sweep and two dispatchers,
// with the service down for a few days: every reminder arrives once, on its day, and none after the
// obligation was met.
import { afterEach, describe, expect, it } from 'vitest';
import { dispatchOutbox } from '../../../src/app/dispatch-outbox.js';
import { importCases } from '../../../src/app/import-cases.js';
import { recordEvent } from '../../../src/app/record-event.js';
import { sweepReminders } from '../../../src/app/sweep-reminders.js';
import { addDays, compareDates } from '../../../src/domain/calendar/calendar-date.js';
import { cnceThroughPublicNotice } from '../../support/histories.js';
import { createReminderWorld } from '../../support/reminder-world.js';

type World = Awaited<ReturnType<typeof createReminderWorld>>;

const history = cnceThroughPublicNotice('2026-10-20', '2026-10-27');

/** What staff record, at 10:00 on the day, after that morning's sweep. */
const staffEvents: Record<string, { ref: string; type: string; certificateNo?: string }> = {
  '2026-11-24': { ref: 'CN-LIFE', type: 'pledge-signed' },
  '2026-12-01': { ref: 'CN-LIFE', type: 'certificate-issued', certificateNo: 'CNCE-NS-2026-0901' },
  '2027-02-20': { ref: 'WA-LIFE', type: 'surveillance-info-submitted' },
  '2027-05-20': { ref: 'WA-LIFE', type: 'surveillance-audit-completed' },
  '2027-11-20': { ref: 'CN-LIFE', type: 'annual-inspection-passed' },
  '2028-05-25': { ref: 'WA-LIFE', type: 'surveillance-info-submitted' },
  '2028-08-15': { ref: 'WA-LIFE', type: 'surveillance-audit-completed' },
  '2028-12-05': { ref: 'CN-LIFE', type: 'annual-inspection-passed' },
  '2029-01-20': { ref: 'WA-LIFE', type: 'renewal-applied' },
  '2029-10-10': { ref: 'CN-LIFE', type: 'renewal-applied' },
};

/** The service is down: no sweep, no dispatch. */
const down = new Set(['2028-11-15', '2028-11-16', '2028-11-17', '2028-11-18']);

describe.each(['sqlite', 'postgres'] as const)('a certificate life on %s, two instances sharing the database', (kind) => {
  let world: World;
  let second: World | undefined;
  afterEach(async () => {
    await second?.close();
    await world?.close();
  });

  it('sends each reminder once, on time, none after the obligation is met', { timeout: 240_000 }, async () => {
    world = await createReminderWorld(kind, '2026-11-21T01:00:00.000Z');
    const imported = await importCases(
      world.deps,
      [
        {
          source: { file: 'life', path: 'CN-LIFE' },
          header: { ref: 'CN-LIFE', scheme: 'cnce-ns', organization: { name: '江苏恒信安全服务有限公司', province: '江苏' }, serviceType: 'risk-assessment', level: 3, contacts: [{ name: '李娜', email: 'li.na@hengxin.example.cn', locale: 'zh-CN' }] },
          events: history.map(([type, date]) => ({ source: { file: 'life', path: 'CN-LIFE' }, fields: { type, date } })),
        },
        {
          source: { file: 'life', path: 'WA-LIFE' },
          header: { ref: 'WA-LIFE', scheme: 'wal', organization: { name: '上海启明安全技术有限公司', province: '上海' }, level: 3, contacts: [{ name: 'Wang Fang', email: 'wang.fang@qiming.example.cn', locale: 'en' }] },
          events: [{ source: { file: 'life', path: 'WA-LIFE' }, fields: { type: 'certificate-issued', date: '2026-06-10', certificateNo: 'WAL-2026-0610' } }],
        },
      ],
      'test',
    );
    expect(imported.ok).toBe(true);

    // PostgreSQL: a second instance with its own connections, as another process has. SQLite: the
    // second instance shares the first one's connections, because better-sqlite3 waits for a lock by
    // blocking the thread, so two writing connections inside one process can deadlock; separate
    // processes simply take turns (the multi-process tests run them as such).
    second = kind === 'postgres' ? await createReminderWorld(kind, '2026-11-21T01:00:00.000Z', {}, { url: world.database.url }) : undefined;
    const instances = [
      { name: 'instance-a', w: world },
      { name: 'instance-b', w: second ?? world },
    ];
    const sweptBy: string[] = [];
    for (let day = '2026-11-21'; compareDates(day, '2029-11-30') <= 0; day = addDays(day, 1)) {
      if (!down.has(day)) {
        for (const { w } of instances) w.setNow(`${day}T01:00:00.000Z`); // 09:00 in Shanghai
        // Both instances' schedulers fire; the run coordinator lets one of them sweep the day.
        await Promise.all(
          instances.map(async ({ name, w }) => {
            // As the scheduler runs it: only what fell due since the last sweep that finished.
            if (await w.coordinator.claim('sweep', day, name, w.deps.clock.now())) {
              sweptBy.push(name);
              await sweepReminders(w.deps, { since: await w.coordinator.lastFinished('sweep') });
              await w.coordinator.finish('sweep', day, w.deps.clock.now());
            }
          }),
        );
        // Both dispatch at once, each through its own connections and limiter.
        await Promise.all(instances.map(({ name, w }) => dispatchOutbox(w.deps, name)));
      }
      const event = staffEvents[day];
      if (event) {
        world.setNow(`${day}T02:00:00.000Z`);
        const recorded = await recordEvent(world.deps, { ref: event.ref, event: { type: event.type, date: day, ...(event.certificateNo ? { data: { certificateNo: event.certificateNo } } : {}) } }, 'staff');
        expect(recorded.ok, `${event.type} on ${day}`).toBe(true);
      }
    }

    // One sweep a day the service was up, by one instance or the other.
    expect(sweptBy).toHaveLength(1106 - down.size);
    const all = [...world.email.delivered, ...(second?.email.delivered ?? [])].sort((a, b) => a.at.getTime() - b.at.getTime());
    const sentFor = (ref: string) => all.filter((m) => m.key.startsWith(`${ref}|`)).map((m) => `${m.at.toISOString().slice(0, 10)} ${m.key.split('|')[1]} ${m.key.split('|')[3]}`);
    const sent = all.map((m) => m.key);
    expect(sentFor('WA-LIFE')).toEqual([
      // WA-4: issued 2026-06-10, first audit by 2027-06-10; WA-8: information 3 months before, by 2027-03-10.
      '2027-02-08 surveillance-info due-30d',
      '2027-05-11 surveillance-audit due-30d',
      // WA-5: audited 2027-05-20, next by 2028-08-20 (15 months, before the end of 2028); information by
      // 2028-05-20, submitted late on 05-25, so the due-day and overdue messages go out.
      '2028-04-20 surveillance-info due-30d',
      '2028-05-20 surveillance-info due',
      '2028-05-21 surveillance-info overdue',
      '2028-07-21 surveillance-audit due-30d',
      '2028-08-13 surveillance-audit due-7d',
      // Audited 2028-08-15: 2029 is the recertification year, that of the renewal due 2029-03-09 (calendar-year
      // rule waived, WA-5) and 15 months runs past
      // expiry, so no audit remains. WA-9: renewal due 2029-03-09, reminded from 3 months before; applied 01-20.
      '2028-12-09 renewal opens',
      '2029-01-08 renewal due-60d',
    ]);
    expect(sentFor('CN-LIFE')).toEqual([
      // CN-9: the pledge step of 11-20 goes out with the first sweep, then every 3 days until signed (11-24).
      '2026-11-21 pledge repeat-2026-11-20',
      '2026-11-23 pledge repeat-2026-11-23',
      // CN-12: issued 2026-12-01, anniversary 2027-12-01, window from 2027-11-01 to the day before the
      // anniversary, 2027-11-30 (seed 000 §五); passed 11-20.
      '2027-11-01 annual-inspection opens',
      '2027-11-16 annual-inspection due-14d',
      // Second year, due 2028-11-30: the service was down 11-15 to 11-18, so the 14-day step (11-16) goes
      // out on 11-19; the inspection is only passed on 12-05, after the overdue notice of 12-01.
      '2028-11-01 annual-inspection opens',
      '2028-11-19 annual-inspection due-14d',
      '2028-11-23 annual-inspection due-7d',
      '2028-11-29 annual-inspection due-1d',
      '2028-12-01 annual-inspection overdue',
      // CN-14: expires 2029-11-30, window from 2029-08-30; applied for on 10-10, so 10-31 and 11-16 never go.
      '2029-08-30 renewal opens',
      '2029-10-01 renewal due-60d',
    ]);
    expect(world.email.attempts.length + (second?.email.attempts.length ?? 0)).toBe(sent.length);
    expect(await world.deps.outbox.list({ status: 'pending' })).toEqual([]);
    expect((await world.deps.outbox.list({ status: 'sent' })).length).toBe(sent.length);
  });
});
