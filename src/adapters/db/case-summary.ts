// The console's summary of each case (the CaseSummary table): one narrow row per case with what the
// case list filters, counts and orders by, so that a register of 100,000 cases is answered from
// that table's own indexes instead of by joining every obligation, certificate and contact and
// reading the case's wide snapshot: the earliest due date it owes, its latest certificate's expiry,
// and one lower-cased text with its ref, organisation, certificate numbers and contact addresses.
//
// It is rewritten wherever obligations are (a case saved, an import, the recompute on a rules
// change), in the same transaction. Those are also the only writes that change what it summarises:
// a case's stage, level, certificates and contacts are only written with the case.
import type { DatabaseKind } from './database-url.js';
import { inJsonList } from './connect.js';
import type { RawSql } from './connect.js';

/** The earliest due date of a case that owes nothing: after every real date, so one index orders all. */
export const NOTHING_DUE = '9999-12-31';

const COLUMNS = '"caseId", ref, scheme, level, stage, organization, province, "nextDueOn", "expiresOn", "searchText"';

/**
 * The summaries of the cases `among` picks (all when null), set-based: each part is aggregated once
 * by case and joined, not looked up case by case (PostgreSQL, before statistics are gathered after a
 * bulk import, planned per-case lookups through the wrong index and took minutes at 100,000 cases).
 */
export function summarySelect(kind: DatabaseKind, among: string | null): string {
  const only = (column: string) => (among ? `WHERE ${column} ${among}` : '');
  const newline = kind === 'postgres' ? 'chr(10)' : 'char(10)';
  const lines = (column: string) => (kind === 'postgres' ? `string_agg(${column}, chr(10))` : `group_concat(${column}, char(10))`);
  return `SELECT x.id, x.ref, x.scheme, x.level, x.stage, g.name, g.province, coalesce(o.next, '${NOTHING_DUE}'), t.expires,
  lower(x.ref || ${newline} || g.name || ${newline} || coalesce(t.numbers, '') || ${newline} || coalesce(k.emails, ''))
FROM "Case" x
JOIN "Organization" g ON g.id = x."organizationId"
LEFT JOIN (SELECT "caseId", MIN("dueOn") AS next FROM "Obligation" ${only('"caseId"')} GROUP BY "caseId") o ON o."caseId" = x.id
LEFT JOIN (SELECT "caseId", MAX("expiresOn") AS expires, ${lines('"certificateNo"')} AS numbers FROM "Certificate" ${only('"caseId"')} GROUP BY "caseId") t ON t."caseId" = x.id
LEFT JOIN (SELECT cc."caseId", ${lines('m.email')} AS emails FROM "CaseContact" cc JOIN "Contact" m ON m.id = cc."contactId" ${only('cc."caseId"')} GROUP BY cc."caseId") k ON k."caseId" = x.id
${only('x.id')}`;
}

/** The statement that fills the table for every stored case (the migration that adds it runs it once). */
export function fillAllSummaries(kind: DatabaseKind): string {
  return `INSERT INTO "CaseSummary" (${COLUMNS})\n${summarySelect(kind, null)}`;
}

/** Rewrites the summaries of these cases (by id), or of every case. */
export async function refreshCaseSummaries(sql: RawSql, kind: DatabaseKind, caseIds: readonly string[] | 'all'): Promise<void> {
  if (caseIds === 'all') {
    await sql.run('DELETE FROM "CaseSummary"');
    await sql.run(fillAllSummaries(kind));
    return;
  }
  if (!caseIds.length) return;
  const ids = JSON.stringify(caseIds);
  const among = inJsonList(kind);
  await sql.run(`DELETE FROM "CaseSummary" WHERE "caseId" ${among}`, [ids]);
  await sql.run(`INSERT INTO "CaseSummary" (${COLUMNS})\n${summarySelect(kind, among)}`, [ids, ids, ids, ids]);
}
