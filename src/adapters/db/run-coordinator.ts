// Lets exactly one of several instances run each tick of a scheduled job: the instance whose insert
// of (job, tick) succeeds runs it; the others see the row and skip. A tick whose runner died before
// finishing (a crash, a kill) may be taken over once it is stale, so that its work is not lost until
// the next tick; the jobs are idempotent, so running the rest of it twice is harmless.
import type { Database } from './connect.js';

/** Longer than any tick's work takes, short enough that a crashed sweep is redone the same morning. */
export const STALE_TICK_MS = 15 * 60_000;

export interface RunCoordinator {
  /** True if this instance won the tick (or took over a stale unfinished one) and must run it. */
  claim(job: string, tick: string, instance: string, at: Date): Promise<boolean>;
  finish(job: string, tick: string, at: Date): Promise<void>;
  /** The latest tick of the job that ran to the end, if any. */
  lastFinished(job: string): Promise<string | null>;
}

export function createRunCoordinator(db: Database, staleAfterMs = STALE_TICK_MS): RunCoordinator {
  const timestamp = db.kind === 'postgres' ? 'CAST(? AS timestamp(3))' : '?';
  return {
    async claim(job, tick, instance, at) {
      // One statement, so that of several instances taking over the same stale tick only one wins.
      const rows = await db.raw.rows<{ job: string }>(
        `INSERT INTO "SchedulerRun" AS run (job, tick, instance, "startedAt") VALUES (?, ?, ?, ${timestamp})
         ON CONFLICT (job, tick) DO UPDATE SET instance = excluded.instance, "startedAt" = excluded."startedAt"
         WHERE run."finishedAt" IS NULL AND run."startedAt" < ${timestamp} RETURNING job`,
        [job, tick, instance, at.toISOString(), new Date(at.getTime() - staleAfterMs).toISOString()],
      );
      return rows.length === 1;
    },
    async finish(job, tick, at) {
      await db.raw.run(`UPDATE "SchedulerRun" SET "finishedAt" = ${db.kind === 'postgres' ? 'CAST(? AS timestamp(3))' : '?'} WHERE job = ? AND tick = ?`, [at.toISOString(), job, tick]);
    },
    async lastFinished(job) {
      const [row] = await db.raw.rows<{ tick: string | null }>(`SELECT MAX(tick) AS tick FROM "SchedulerRun" WHERE job = ? AND "finishedAt" IS NOT NULL`, [job]);
      return row?.tick ?? null;
    },
  };
}
