// The web console's reads over the whole register, each one query that the database answers from
// its indexes: obligations by due date ("dueOn" leads an index), escalations and outbox by status.
import type { ConsoleQueries, DueDayCount, KindCount, ListedObligation } from '../../app/console/console-ports.js';
import { ESCALATION_STATES } from '../../app/console/queue-ports.js';
import type { ObligationKind, SchemeId } from '../../domain/case.js';
import { fromObligationRow, obligationReadColumns } from './obligation-rows.js';
import type { ObligationRow } from './obligation-rows.js';
import type { Database } from './connect.js';

/** Obligations shown by the day in the first parameter (WA-12 appears only once an audit is late). */
export const SHOWN = '("shownFrom" IS NULL OR "shownFrom" <= ?)';

export function createConsoleQueries(db: Database): ConsoleQueries {
  const sql = db.raw;
  const count = (n: number | string | bigint) => Number(n);
  return {
    async overdueCounts(asOf) {
      const rows = await sql.rows<{ kind: string; scheme: string; n: number }>(
        `SELECT kind, scheme, COUNT(*) AS n FROM "Obligation" WHERE "dueOn" < ? AND ${SHOWN} GROUP BY kind, scheme ORDER BY kind, scheme`,
        [asOf, asOf],
      );
      return rows.map((r): KindCount => ({ kind: r.kind as ObligationKind, scheme: r.scheme as SchemeId, count: count(r.n) }));
    },
    async dueCounts(asOf, from, to) {
      const rows = await sql.rows<{ dueOn: string; kind: string; n: number }>(
        `SELECT "dueOn", kind, COUNT(*) AS n FROM "Obligation" WHERE "dueOn" >= ? AND "dueOn" <= ? AND ${SHOWN} GROUP BY "dueOn", kind ORDER BY "dueOn", kind`,
        [from, to, asOf],
      );
      return rows.map((r): DueDayCount => ({ dueOn: r.dueOn, kind: r.kind as ObligationKind, count: count(r.n) }));
    },
    async oldestOverdue(asOf, limit) {
      const columns = obligationReadColumns.replace(/"([A-Za-z]+)"/g, 'o."$1"');
      const rows = await sql.rows<ObligationRow & { organization: string }>(
        `SELECT ${columns}, g.name AS organization FROM "Obligation" o JOIN "Case" c ON c.id = o."caseId" JOIN "Organization" g ON g.id = c."organizationId"
         WHERE o."dueOn" < ? AND (o."shownFrom" IS NULL OR o."shownFrom" <= ?) ORDER BY o."dueOn", o."caseRef", o.kind LIMIT ?`,
        [asOf, asOf, limit],
      );
      return rows.map((r): ListedObligation => ({ ...fromObligationRow(r, asOf), organization: r.organization }));
    },
    async openEscalationCount() {
      // Named as the escalation list names them, so that the card's number is the list's count and the status index skips the resolved ones.
      const [row] = await sql.rows<{ n: number }>(`SELECT COUNT(*) AS n FROM "Escalation" WHERE status IN (${ESCALATION_STATES.map(() => '?').join(', ')})`, [...ESCALATION_STATES]);
      return count(row?.n ?? 0);
    },
    async failedDeliveryCount() {
      const [row] = await sql.rows<{ n: number }>(`SELECT COUNT(*) AS n FROM "OutboxMessage" WHERE status = 'failed'`);
      return count(row?.n ?? 0);
    },
  };
}
