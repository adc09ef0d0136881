// A job that runs once per period at a local time on the days its schedule allows (the applicants'
// weekly digest, the staff digest on PRC working days). The run coordinator lets one instance run
// each period; a run missed while the service was down is caught up at start-up within its period.
import cron from 'node-cron';
import type { ScheduledTask } from 'node-cron';
import { addDays, todayIn } from '../../domain/calendar/calendar-date.js';
import type { IsoDate } from '../../domain/calendar/calendar-date.js';
import type { RunCoordinator } from '../db/run-coordinator.js';

export interface PeriodicJob {
  /** The coordinator's job name: unique among jobs. */
  readonly name: string;
  /** Local time, "HH:MM". */
  readonly at: string;
  firesOn(day: IsoDate): boolean;
  /** The period a run on `day` belongs to ("2026-W48", or the day itself): one run per period. */
  periodOf(day: IsoDate): string;
  /** `asOf`: the local day of the run. */
  run(asOf: IsoDate, period: string): Promise<unknown>;
}

export interface PeriodicJobContext {
  readonly zone: string;
  readonly instance: string;
  readonly coordinator: RunCoordinator;
  readonly now: () => Date;
  readonly onError: (job: string, error: unknown) => void;
  /** Registers a run so that stopping the scheduler waits for it. */
  readonly track: (work: Promise<unknown>) => Promise<unknown>;
  readonly pastScheduledTime: (now: Date, zone: string, at: string) => boolean;
}

/** Runs the period's job on this instance unless another instance (or an earlier start) already has. */
async function runPeriod(job: PeriodicJob, context: PeriodicJobContext, asOf: IsoDate, period: string): Promise<void> {
  try {
    if (!(await context.coordinator.claim(job.name, period, context.instance, context.now()))) return;
    await job.run(asOf, period);
    await context.coordinator.finish(job.name, period, context.now());
  } catch (error) {
    context.onError(job.name, error);
  }
}

/** The day whose run is owed at start-up: the latest day on which the job should have run, if still in today's period. */
export function dayToCatchUp(job: Pick<PeriodicJob, 'at' | 'firesOn' | 'periodOf'>, now: Date, zone: string, pastScheduledTime: PeriodicJobContext['pastScheduledTime']): IsoDate | null {
  const today = todayIn(now, zone);
  for (let back = 0; back < 7; back++) {
    const day = addDays(today, -back);
    if (back === 0 && !pastScheduledTime(now, zone, job.at)) continue;
    if (job.firesOn(day)) return job.periodOf(day) === job.periodOf(today) ? day : null;
  }
  return null;
}

/** Schedules the job daily at its time (the day filter runs in the job), and catches up a missed run. */
export async function schedulePeriodicJob(job: PeriodicJob, context: PeriodicJobContext): Promise<ScheduledTask> {
  const [hh, mm] = [Number(job.at.slice(0, 2)), Number(job.at.slice(3, 5))];
  const task = cron.schedule(
    `${mm} ${hh} * * *`,
    () => {
      const today = todayIn(context.now(), context.zone);
      if (job.firesOn(today)) void context.track(runPeriod(job, context, today, job.periodOf(today)));
    },
    { timezone: context.zone, name: `certbell-${job.name}`, noOverlap: true },
  );
  const missed = dayToCatchUp(job, context.now(), context.zone, context.pastScheduledTime);
  // Late, so it lists what is true today, under the period it was owed for.
  if (missed) await context.track(runPeriod(job, context, todayIn(context.now(), context.zone), job.periodOf(missed)));
  return task;
}
