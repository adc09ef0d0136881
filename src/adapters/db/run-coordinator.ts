// Lets exactly one of several instances run each tick of a scheduled job: the instance whose insert
// of (job, tick) succeeds runs it; the others see the row and skip.
import type { Database } from './connect.js';

export interface RunCoordinator {
  /** True if this instance won the tick and must run it. */
  claim(job: string, tick: string, instance: string, at: Date): Promise<boolean>;
  finish(job: string, tick: string, at: Date): Promise<void>;
  /** The latest tick of the job that ran to the end, if any. */
  lastFinished(job: string): Promise<string | null>;
}

export function createRunCoordinator(db: Database): RunCoordinator {
  return {
    async claim(job, tick, instance, at) {
      const rows = await db.raw.rows<{ job: string }>(
        `INSERT INTO "SchedulerRun" (job, tick, instance, "startedAt") VALUES (?, ?, ?, ${db.kind === 'postgres' ? 'CAST(? AS timestamp(3))' : '?'}) ON CONFLICT (job, tick) DO NOTHING RETURNING job`,
        [job, tick, instance, at.toISOString()],
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
