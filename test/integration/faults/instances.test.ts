// Issue 7 §1: three service processes against one PostgreSQL database run a stretch of simulated days
// of sweeps and deliveries. Every message is delivered exactly once, and the coordinator lets exactly
// one instance run each day's sweep. `npm run test:faults` runs a whole simulated year.
import { afterAll, describe, expect, it } from 'vitest';
import { addDays, compareDates } from '../../../src/domain/calendar/calendar-date.js';
import { createFaultWorld, deliveries, duplicates, faultCases, runInLockstep, runWithKills, shortfalls, type FaultWorld } from '../../support/fault-harness.js';

const days = { first: '2026-11-21', last: process.env.FAULT_LAST_DAY ?? '2027-01-10' };

function everyDay(): string[] {
  const all: string[] = [];
  for (let day = days.first; compareDates(day, days.last) <= 0; day = addDays(day, 1)) all.push(day);
  return all;
}

describe('three instances sharing one PostgreSQL database', () => {
  const worlds: FaultWorld[] = [];
  afterAll(async () => {
    for (const world of worlds) await world.close();
  });

  it('deliver every message exactly once, with one instance running each tick', async () => {
    const cases = faultCases(40);
    const reference = await createFaultWorld('postgres', cases);
    const shared = await createFaultWorld('postgres', cases);
    worlds.push(reference, shared);
    await runWithKills(reference, days, { seed: 1, kills: 0, withinMs: 0 });

    const workers = await runInLockstep(shared, ['a', 'b', 'c'], days);
    expect(await Promise.all(workers.map((w) => w.exit))).toEqual([0, 0, 0]);

    const ran = workers.flatMap((w) => w.ticks);
    expect([...ran].sort()).toEqual(everyDay());
    // More than one instance did real work: the coordinator, not luck, kept the ticks apart.
    expect(workers.filter((w) => w.ticks.length > 0).length).toBeGreaterThan(1);
    const [row] = await shared.database.db.raw.rows<{ n: number | string }>(`SELECT COUNT(*) AS n FROM "SchedulerRun" WHERE job = 'sweep' AND "finishedAt" IS NOT NULL`);
    expect(Number(row?.n)).toBe(everyDay().length);

    const expected = await deliveries(reference);
    const got = await deliveries(shared);
    expect(expected.sentKeys.size).toBeGreaterThan(40);
    expect([...got.sentKeys].sort()).toEqual([...expected.sentKeys].sort());
    expect(got.unfinished).toBe(0);
    // …and on the day it was due: a crash or a lost race delays nothing to the next sweep.
    expect(got.sentOn).toEqual(expected.sentOn);
    expect(shortfalls(got)).toEqual([]);
    expect(duplicates(got)).toBe(0);
    expect(got.received).toEqual(expected.received);
  }, 600_000);
});
