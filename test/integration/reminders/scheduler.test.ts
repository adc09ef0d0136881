// The scheduler on a real database: the start-up catch-up and the run coordinator across instances.
import { afterEach, describe, expect, it } from 'vitest';
import { createRunCoordinator } from '../../../src/adapters/db/run-coordinator.js';
import { pastScheduledTime, startScheduler } from '../../../src/adapters/scheduler/scheduler.js';
import type { Scheduler } from '../../../src/adapters/scheduler/scheduler.js';
import { createTestDatabase } from '../../support/databases.js';

describe('the sweep time in Asia/Shanghai', () => {
  it('is past at 09:00 local (01:00 UTC) and not a minute before', () => {
    expect(pastScheduledTime(new Date('2026-11-21T00:59:00Z'), 'Asia/Shanghai', '09:00')).toBe(false);
    expect(pastScheduledTime(new Date('2026-11-21T01:00:00Z'), 'Asia/Shanghai', '09:00')).toBe(true);
    // 23:30 UTC is already 07:30 the next morning in Shanghai.
    expect(pastScheduledTime(new Date('2026-11-21T23:30:00Z'), 'Asia/Shanghai', '09:00')).toBe(false);
  });
});

describe.each(['sqlite', 'postgres'] as const)('scheduler on %s', (kind) => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const schedulers: Scheduler[] = [];
  afterEach(async () => {
    for (const s of schedulers.splice(0)) await s.stop();
    await database?.drop();
  });

  async function start(instance: string, now: string, sweeps: { instance: string; since: string | null }[], errors: unknown[] = [], fail = false) {
    const scheduler = await startScheduler({
      zone: 'Asia/Shanghai',
      sweepAt: '09:00',
      dispatchEverySeconds: 30,
      instance,
      coordinator: createRunCoordinator(database.db),
      now: () => new Date(now),
      sweep: async (since) => {
        sweeps.push({ instance, since });
        if (fail) throw new Error('sweep broke');
      },
      dispatch: async () => undefined,
      onError: (_job, error) => errors.push(error),
    });
    schedulers.push(scheduler);
  }

  it('runs a missed sweep once at start-up, whichever of two instances gets there first', async () => {
    database = await createTestDatabase(kind);
    const coordinator = createRunCoordinator(database.db);
    await coordinator.claim('sweep', '2026-11-19', 'old', new Date('2026-11-19T01:00:00Z'));
    await coordinator.finish('sweep', '2026-11-19', new Date('2026-11-19T01:00:05Z'));
    const sweeps: { instance: string; since: string | null }[] = [];
    // Both start at 10:00 on 2026-11-21: the 09:00 sweep was missed (the service was down since the 19th).
    await Promise.all([start('a', '2026-11-21T02:00:00Z', sweeps), start('b', '2026-11-21T02:00:00Z', sweeps)]);
    expect(sweeps).toHaveLength(1);
    expect(sweeps[0]?.since).toBe('2026-11-19');
    expect(await coordinator.lastFinished('sweep')).toBe('2026-11-21');
  });

  it("does not sweep at start-up before the day's sweep time, and a failed sweep is not marked finished", async () => {
    database = await createTestDatabase(kind);
    const sweeps: { instance: string; since: string | null }[] = [];
    await start('a', '2026-11-21T00:30:00Z', sweeps);
    expect(sweeps).toEqual([]);
    const errors: unknown[] = [];
    await start('b', '2026-11-21T03:00:00Z', sweeps, errors, true);
    expect(sweeps).toEqual([{ instance: 'b', since: null }]);
    expect(errors.map((e) => (e as Error).message)).toEqual(['sweep broke']);
    expect(await createRunCoordinator(database.db).lastFinished('sweep')).toBeNull();
  });

  it('lets a tick whose runner died be taken over once stale, by one instance only, and never a finished one', async () => {
    database = await createTestDatabase(kind);
    const coordinator = createRunCoordinator(database.db);
    const at = (time: string) => new Date(`2026-11-21T${time}Z`);
    expect(await coordinator.claim('sweep', '2026-11-21', 'crashed', at('01:00:00'))).toBe(true);
    // Still fresh: the first runner may be working.
    expect(await coordinator.claim('sweep', '2026-11-21', 'b', at('01:14:59'))).toBe(false);
    const takeovers = await Promise.all(['b', 'c', 'd'].map((instance) => coordinator.claim('sweep', '2026-11-21', instance, at('01:15:01'))));
    expect(takeovers.filter(Boolean)).toHaveLength(1);
    await coordinator.finish('sweep', '2026-11-21', at('01:15:03'));
    expect(await coordinator.claim('sweep', '2026-11-21', 'e', at('05:00:00'))).toBe(false);
    expect(await coordinator.lastFinished('sweep')).toBe('2026-11-21');
  });
});
