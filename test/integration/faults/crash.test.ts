// Issue 7 §2: the service killed with SIGKILL at seeded random moments of sweeping and dispatching,
// and restarted each time. Nothing may be lost. A message can be sent twice only when a kill falls
// between the provider accepting it and the outbox recording that: Telegram offers no idempotency
// key, so the bound is one duplicate per kill (e-mail resends carry the same Message-ID, which mail
// clients collapse). `npm run test:faults` runs it with 50 kills over a simulated year.
import { afterAll, describe, expect, it } from 'vitest';
import { createFaultWorld, deliveries, duplicates, faultCases, runWithKills, shortfalls, type FaultWorld } from '../../support/fault-harness.js';

const kills = Number(process.env.FAULT_KILLS ?? 6);
const seed = Number(process.env.FAULT_SEED ?? 20261121);
const days = { first: '2026-11-21', last: process.env.FAULT_LAST_DAY ?? '2027-01-10' };

describe('SIGKILL at random points of sweeping and dispatching (SQLite)', () => {
  const worlds: FaultWorld[] = [];
  afterAll(async () => {
    for (const world of worlds) await world.close();
  });

  it(`loses nothing over ${kills} kills (seed ${seed}), and sends at most one duplicate per kill`, async () => {
    const cases = faultCases(40);
    const reference = await createFaultWorld('sqlite', cases);
    const crashed = await createFaultWorld('sqlite', cases);
    worlds.push(reference, crashed);

    // Kills land anywhere in a run's working time, from the first sweep to the last delivery.
    const { workMs } = await runWithKills(reference, days, { seed, kills: 0, withinMs: 0 });
    const run = await runWithKills(crashed, days, { seed, kills, withinMs: workMs });

    const expected = await deliveries(reference);
    const got = await deliveries(crashed);
    expect(expected.sentKeys.size).toBeGreaterThan(40);
    expect(duplicates(expected)).toBe(0);
    expect(run.kills).toBe(kills);
    // Every message the undisturbed run sent was sent, and nothing else; nothing is left in flight.
    expect([...got.sentKeys].sort()).toEqual([...expected.sentKeys].sort());
    expect(got.unfinished).toBe(0);
    // …and on the day it was due: a crash or a lost race delays nothing to the next sweep.
    expect(got.sentOn).toEqual(expected.sentOn);
    expect(shortfalls(got)).toEqual([]);
    const extra = duplicates(got);
    expect(extra).toBeLessThanOrEqual(run.kills);
    process.stdout.write(`crash test: ${run.kills} kills, ${got.sentKeys.size} messages, ${extra} duplicate(s) (bound: ${run.kills})\n`);
  }, 600_000);
});
