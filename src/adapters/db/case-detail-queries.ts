// The console's case page beyond the case itself: its deliveries, escalations and audit log, each
// one query answered from the caseRef (outbox, escalations) or subject (audit) index.
import type { AuditRecord, CaseDetailQueries } from '../../app/console/case-page-ports.js';
import type { OutboxRepository } from '../../app/reminder-ports.js';
import type { Database } from './connect.js';
import { toRecord } from './escalation-repository.js';

export function createCaseDetailQueries(db: Database, outbox: Pick<OutboxRepository, 'list'>): CaseDetailQueries {
  // PostgreSQL returns a timestamp as epoch milliseconds here, so the process's time zone never shifts it.
  const at = db.kind === 'postgres' ? '(extract(epoch from "at") * 1000)::float8 AS "at"' : '"at"';
  // SQLite holds the instant as text, ending "Z" when written in bulk and "+00:00" when written by
  // Prisma: compared up to the milliseconds, an entry's instant orders the same either way.
  const byTime = db.kind === 'postgres' ? '"at"' : 'substr("at", 1, 23)';
  return {
    deliveries: (caseRef, limit) => outbox.list({ caseRef, limit, newestFirst: true }),
    async escalations(caseRef, limit) {
      const rows = await db.prisma.escalation.findMany({ where: { caseRef }, orderBy: [{ raisedAt: 'desc' }, { key: 'desc' }], take: limit });
      return rows.map(toRecord);
    },
    async audit(caseRef, limit) {
      const rows = await db.raw.rows<{ at: string | number; actor: string; action: string; details: string }>(
        `SELECT ${at}, actor, action, details FROM "AuditEntry" WHERE subject = ? ORDER BY ${byTime} DESC, id DESC LIMIT ?`,
        [caseRef, limit],
      );
      return rows.map((r): AuditRecord => ({ at: new Date(r.at), actor: r.actor, action: r.action, details: parseDetails(r.details) }));
    },
  };
}

function parseDetails(text: string): Readonly<Record<string, unknown>> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
