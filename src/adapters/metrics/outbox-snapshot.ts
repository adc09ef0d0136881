// What the outbox holds right now, for the metrics: one GROUP BY over the (status, notBefore) index
// and one MIN. Read at scrape time rather than counted in memory, so that every instance reports
// the same numbers and a restart forgets nothing.
import type { Database } from '../db/connect.js';

export interface OutboxDepthRow {
  readonly status: string;
  readonly purpose: string;
  readonly channel: string;
  readonly count: number;
}

export interface OutboxSnapshot {
  readonly depth: readonly OutboxDepthRow[];
  /** How long the oldest pending row has been due; 0 when none is. */
  readonly oldestDueSeconds: number;
}

export function outboxSnapshot(db: Database, now: () => Date): () => Promise<OutboxSnapshot> {
  // PostgreSQL returns the instant as epoch milliseconds, so the server's time zone never shifts it.
  const oldest = db.kind === 'postgres' ? '(extract(epoch from MIN("notBefore")) * 1000)::float8' : 'MIN("notBefore")';
  return async () => {
    const at = now();
    const depth = await db.raw.rows<{ status: string; purpose: string; channel: string; count: number | string }>(
      'SELECT status, purpose, channel, COUNT(*) AS count FROM "OutboxMessage" GROUP BY status, purpose, channel',
    );
    const [due] = await db.raw.rows<{ oldest: string | number | null }>(
      `SELECT ${oldest} AS oldest FROM "OutboxMessage" WHERE status = 'pending' AND "notBefore" <= ?`,
      [at.toISOString()],
    );
    const oldestAt = due?.oldest === null || due?.oldest === undefined ? null : new Date(due.oldest);
    return {
      depth: depth.map((row) => ({ status: row.status, purpose: row.purpose, channel: row.channel, count: Number(row.count) })),
      oldestDueSeconds: oldestAt ? Math.max(0, (at.getTime() - oldestAt.getTime()) / 1000) : 0,
    };
  };
}
