// The daily reminder sweep and the frequent outbox dispatch, on node-cron. Each job has its own error
// boundary: a failing run is logged and the next one runs as usual.
import cron from 'node-cron';
import type { ScheduledTask } from 'node-cron';
import { todayIn } from '../../domain/calendar/calendar-date.js';
import type { RunCoordinator } from '../db/run-coordinator.js';
import { schedulePeriodicJob } from './periodic-job.js';
import type { PeriodicJob } from './periodic-job.js';

export interface SchedulerOptions {
  readonly zone: string;
  /** Local time of the daily sweep, "HH:MM". */
  readonly sweepAt: string;
  readonly dispatchEverySeconds: number;
  readonly instance: string;
  readonly coordinator: RunCoordinator;
  readonly now: () => Date;
  /** `since`: the day of the last sweep that finished, if any. */
  readonly sweep: (since: string | null) => Promise<unknown>;
  readonly dispatch: () => Promise<unknown>;
  readonly onError: (job: string, error: unknown) => void;
  /** Jobs run once per period on the days their schedule allows (email digests). */
  readonly periodic?: readonly PeriodicJob[];
  /** Told how each sweep tick ended (operations metrics): run here, left to another instance, or failed. */
  readonly onSweep?: (event: SweepTickOutcome) => void;
}

export interface SweepTickOutcome {
  readonly outcome: 'done' | 'skipped' | 'failed';
  readonly seconds: number;
}

export interface Scheduler {
  stop(): Promise<void>;
}

/** True when `now` is at or past today's scheduled time in the zone. */
export function pastScheduledTime(now: Date, zone: string, at: string): boolean {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const local = Number(parts.find((p) => p.type === 'hour')?.value) * 60 + Number(parts.find((p) => p.type === 'minute')?.value);
  return local >= Number(at.slice(0, 2)) * 60 + Number(at.slice(3, 5));
}

export async function startScheduler(options: SchedulerOptions): Promise<Scheduler> {
  const running = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    running.add(work);
    void work.finally(() => running.delete(work));
    return work;
  };

  // The tick is the local calendar day: whichever instance claims it first sweeps that day.
  const sweepOnce = async () => {
    const tick = todayIn(options.now(), options.zone);
    const started = performance.now();
    const told = (outcome: SweepTickOutcome['outcome']) => options.onSweep?.({ outcome, seconds: (performance.now() - started) / 1000 });
    try {
      if (!(await options.coordinator.claim('sweep', tick, options.instance, options.now()))) return told('skipped');
      await options.sweep(await options.coordinator.lastFinished('sweep'));
      await options.coordinator.finish('sweep', tick, options.now());
      told('done');
    } catch (error) {
      told('failed');
      options.onError('sweep', error);
    }
  };

  let dispatching = false;
  const dispatchOnce = async () => {
    if (dispatching) return; // one dispatch at a time in this instance; other instances claim their own rows
    dispatching = true;
    try {
      await options.dispatch();
    } catch (error) {
      options.onError('dispatch', error);
    } finally {
      dispatching = false;
    }
  };

  const [hh, mm] = [Number(options.sweepAt.slice(0, 2)), Number(options.sweepAt.slice(3, 5))];
  const tasks: ScheduledTask[] = [
    cron.schedule(`${mm} ${hh} * * *`, () => track(sweepOnce()), { timezone: options.zone, name: 'certbell-sweep', noOverlap: true }),
    cron.schedule(`*/${options.dispatchEverySeconds} * * * * *`, () => track(dispatchOnce()), { name: 'certbell-dispatch', noOverlap: true }),
  ];
  // A sweep missed while the service was down runs once now; it enqueues each reminder's latest step only.
  if (pastScheduledTime(options.now(), options.zone, options.sweepAt)) await track(sweepOnce());
  for (const job of options.periodic ?? []) tasks.push(await schedulePeriodicJob(job, { ...options, track, pastScheduledTime }));

  return {
    async stop() {
      for (const task of tasks) await task.stop();
      // Let in-flight deliveries finish and record their outcome before the database closes.
      await Promise.allSettled([...running]);
    },
  };
}
