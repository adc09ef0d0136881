// The console's queues, each page read in a few set-based queries: the page's rows in order from
// the status index, then, for that page's cases only, the due dates of the obligations its
// escalations are about and when their Slack messages were sent (both from the case's own rows).
import { ESCALATION_STATES } from '../../app/console/queue-ports.js';
import type { QueueQueries, QueuedEscalation } from '../../app/console/queue-ports.js';
import type { OutboxRepository } from '../../app/reminder-ports.js';
import { inJsonList } from './connect.js';
import type { Database } from './connect.js';
import { toRecord } from './escalation-repository.js';

/** Open first (nobody has looked), then snoozed (it comes back), then acknowledged (someone has it). */
const URGENCY = `CASE status WHEN 'open' THEN 0 WHEN 'snoozed' THEN 1 ELSE 2 END`;

export function createQueueQueries(db: Database, outbox: Pick<OutboxRepository, 'list'>): QueueQueries {
  const count = (n: number | string | bigint | undefined) => Number(n ?? 0);
  // PostgreSQL returns a timestamp as epoch milliseconds here, so the process's time zone never shifts it.
  const sentAt = db.kind === 'postgres' ? '(extract(epoch from "sentAt") * 1000)::float8 AS "sentAt"' : '"sentAt"';

  /** Due dates by case, obligation kind and occurrence, for the cases on the page. */
  async function dueDates(refs: readonly string[]): Promise<Map<string, string>> {
    const rows = await db.raw.rows<{ ref: string; kind: string; occurrence: string; dueOn: string }>(
      `SELECT c.ref, o.kind, o.occurrence, o."dueOn" FROM "Case" c JOIN "Obligation" o ON o."caseId" = c.id WHERE c.ref ${inJsonList(db.kind)}`,
      [JSON.stringify(refs)],
    );
    return new Map(rows.map((r) => [`${r.ref}|${r.kind}|${r.occurrence}`, r.dueOn]));
  }

  /** The Slack messages sent for the page's cases: an escalation's rows are keyed `escalation|<its key>|<round>`. */
  async function posts(refs: readonly string[]): Promise<{ key: string; at: Date }[]> {
    // Sent is told by sentAt rather than by status, so that the planner reads the page's cases by
    // caseRef and never the (status, notBefore) index, whose 'sent' rows are most of the outbox.
    const rows = await db.raw.rows<{ key: string; sentAt: string | number | null }>(
      `SELECT key, ${sentAt} FROM "OutboxMessage" WHERE "caseRef" ${inJsonList(db.kind)} AND purpose = 'escalation'`,
      [JSON.stringify(refs)],
    );
    return rows.flatMap((r) => (r.sentAt === null ? [] : [{ key: r.key, at: new Date(r.sentAt) }]));
  }

  return {
    async escalations(state, offset, limit) {
      // The unresolved states named, not "not resolved", so that the status index skips the resolved ones, which only grow.
      const states = state ? [state] : ESCALATION_STATES;
      const where = `status IN (${states.map(() => '?').join(', ')})`;
      const params = [...states];
      const [ids, [total]] = await Promise.all([
        db.raw.rows<{ id: string }>(`SELECT id FROM "Escalation" WHERE ${where} ORDER BY ${URGENCY}, "raisedAt" DESC, id DESC LIMIT ? OFFSET ?`, [...params, limit, offset]),
        db.raw.rows<{ n: number }>(`SELECT COUNT(*) AS n FROM "Escalation" WHERE ${where}`, params),
      ]);
      if (!ids.length) return { rows: [], total: count(total?.n) };
      const found = await db.prisma.escalation.findMany({ where: { id: { in: ids.map((r) => r.id) } } });
      const byId = new Map(found.map((row) => [row.id, toRecord(row)]));
      const records = ids.flatMap((r) => byId.get(r.id) ?? []);
      const refs = [...new Set(records.map((e) => e.caseRef))];
      const [due, sent] = await Promise.all([dueDates(refs), posts(refs)]);
      const rows = records.map((escalation): QueuedEscalation => {
        const prefix = `escalation|${escalation.key}|`;
        const times = sent.filter((p) => p.key.startsWith(prefix)).map((p) => p.at.getTime());
        return {
          escalation,
          dueOn: due.get(`${escalation.caseRef}|${escalation.detail.obligationKind}|${escalation.detail.obligationOccurrence}`) ?? null,
          lastPostedAt: times.length ? new Date(Math.max(...times)) : null,
        };
      });
      return { rows, total: count(total?.n) };
    },

    async deliveries(state, offset, limit) {
      const [rows, [total]] = await Promise.all([
        outbox.list({ status: state, offset, limit, latestAttemptFirst: true }),
        db.raw.rows<{ n: number }>(`SELECT COUNT(*) AS n FROM "OutboxMessage" WHERE status = ?`, [state]),
      ]);
      return { rows, total: count(total?.n) };
    },
  };
}
