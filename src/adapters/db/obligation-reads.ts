// Reading stored obligations: one case's, every one by due date (a plan), or every one in case order
// page by page (the sweep, which writes as it reads).
import type { ObligationQuery } from '../../app/ports.js';
import type { IsoDate } from '../../domain/calendar/calendar-date.js';
import type { PlannedObligation } from '../../domain/obligations.js';
import type { Database } from './connect.js';
import { fromObligationRow, obligationReadColumns } from './obligation-rows.js';
import type { ObligationRow } from './obligation-rows.js';

export async function* readObligations(db: Database, query: ObligationQuery, pageSize: number): AsyncIterable<PlannedObligation[]> {
  const where = ['("shownFrom" IS NULL OR "shownFrom" <= ?)'];
  const params: (string | number)[] = [query.asOf];
  if (query.dueBy) {
    where.push('"dueOn" <= ?');
    params.push(query.dueBy);
  }
  if (query.caseRef) {
    // Through the case's id, which the (caseId, kind, occurrence) key indexes; caseRef has no index of its own.
    where.push('"caseId" = (SELECT id FROM "Case" WHERE ref = ?)');
    params.push(query.caseRef);
  }
  // Byte order for refs and kinds on both databases, as the domain sorts them.
  const c = db.kind === 'postgres' ? ' COLLATE "C"' : '';
  if (query.byCase && !query.caseRef) {
    yield* byCase(db, query.asOf, where, params, pageSize);
    return;
  }
  const sql = `SELECT ${obligationReadColumns} FROM "Obligation" WHERE ${where.join(' AND ')} ORDER BY "dueOn", "caseRef"${c}, kind${c}, occurrence${c}`;
  // One case's obligations are a handful: a plain query, not a stream with a connection of its own.
  const pages = query.caseRef ? [await db.raw.rows<ObligationRow>(sql, params)] : db.raw.stream<ObligationRow>(sql, params, pageSize);
  for await (const rows of pages) if (rows.length) yield rows.map((row) => fromObligationRow(row, query.asOf));
}

/**
 * Keyset pages along the (caseId, kind, occurrence) key: each page starts after the last row of the
 * one before, so no read stays open between pages (on SQLite an open read keeps its snapshot, and the
 * write-ahead log grows behind it) and no page costs more than the one before.
 */
async function* byCase(db: Database, asOf: IsoDate, where: readonly string[], params: readonly (string | number)[], pageSize: number): AsyncIterable<PlannedObligation[]> {
  let after: [string, string, string] | null = null;
  for (;;) {
    const conditions: string[] = after ? [...where, '("caseId", kind, occurrence) > (?, ?, ?)'] : [...where];
    const rows: (ObligationRow & { caseId: string })[] = await db.raw.rows(
      `SELECT "caseId", ${obligationReadColumns} FROM "Obligation" WHERE ${conditions.join(' AND ')} ORDER BY "caseId", kind, occurrence LIMIT ?`,
      [...params, ...(after ?? []), pageSize],
    );
    if (rows.length) yield rows.map((row) => fromObligationRow(row, asOf));
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1]!;
    after = [last.caseId, last.kind, last.occurrence];
  }
}
