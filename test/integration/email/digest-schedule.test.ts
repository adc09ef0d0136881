// Digest jobs in the scheduler on a real database: one run per period across instances and restarts,
// a missed run caught up within its period, and none on a PRC holiday.
import { afterEach, describe, expect, it } from 'vitest';
import { createRunCoordinator } from '../../../src/adapters/db/run-coordinator.js';
import { startScheduler, type Scheduler } from '../../../src/adapters/scheduler/scheduler.js';
import { digestPeriod, firesOn, parseDigestSchedule, type DigestSchedule } from '../../../src/app/digest-schedule.js';
import { calendar } from '../../fakes/deps.js';
import { createTestDatabase } from '../../support/databases.js';

describe.each(['sqlite', 'postgres'] as const)('digest jobs on %s', (kind) => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const schedulers: Scheduler[] = [];
  afterEach(async () => {
    for (const s of schedulers.splice(0)) await s.stop();
    await database?.drop();
  });

  async function start(instance: string, now: string, runs: string[]) {
    const job = (name: string, text: string) => {
      const schedule = parseDigestSchedule(text) as DigestSchedule;
      return {
        name,
        at: schedule.at,
        firesOn: (day: string) => firesOn(schedule, day, calendar),
        periodOf: (day: string) => digestPeriod(schedule, day),
        run: async (asOf: string, period: string) => void runs.push(`${name} ${period} as of ${asOf} on ${instance}`),
      };
    };
    schedulers.push(
      await startScheduler({
        zone: 'Asia/Shanghai',
        sweepAt: '23:59',
        dispatchEverySeconds: 30,
        instance,
        coordinator: createRunCoordinator(database.db),
        now: () => new Date(now),
        sweep: async () => undefined,
        dispatch: async () => undefined,
        onError: (_job, error) => runs.push(`error ${String(error)}`),
        periodic: [job('digest-contacts', 'mon 09:00'), job('digest-staff', 'workdays 08:30')],
      }),
    );
  }

  it("catches up Monday's weekly digest once on Tuesday, whichever of two instances starts first, and not again that week", async () => {
    database = await createTestDatabase(kind);
    const runs: string[] = [];
    // Tuesday 2026-11-24, 10:00 in Shanghai, after a Monday spent down.
    await Promise.all([start('a', '2026-11-24T02:00:00Z', runs), start('b', '2026-11-24T02:00:00Z', runs)]);
    expect(runs.map((r) => r.replace(/ on [ab]$/, ''))).toEqual(expect.arrayContaining(['digest-contacts 2026-W48 as of 2026-11-24', 'digest-staff 2026-11-24 as of 2026-11-24']));
    expect(runs).toHaveLength(2);
    await start('c', '2026-11-26T02:00:00Z', runs);
    expect(runs.slice(2)).toEqual(['digest-staff 2026-11-26 as of 2026-11-26 on c']);
    expect(await createRunCoordinator(database.db).lastFinished('digest-contacts')).toBe('2026-W48');
  });

  it('sends no staff digest in the National Day week, but one on the adjusted working Saturday 2026-10-10', async () => {
    database = await createTestDatabase(kind);
    const runs: string[] = [];
    // Monday 2026-10-05, a holiday: applicants' weekly digest goes out as on any Monday, staff's does not.
    await start('a', '2026-10-05T02:00:00Z', runs);
    expect(runs).toEqual(['digest-contacts 2026-W41 as of 2026-10-05 on a']);
    await start('a', '2026-10-07T02:00:00Z', runs);
    await start('a', '2026-10-10T02:00:00Z', runs);
    expect(runs.slice(1)).toEqual(['digest-staff 2026-10-10 as of 2026-10-10 on a']);
  });
});
