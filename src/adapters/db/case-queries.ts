// The console's case list as one query over the case summaries (case-summary.ts): filters become
// conditions on the summary row (earliest due date, latest expiry, search text) or IN-lists answered
// from an index (obligations by due date and kind); one more query fetches the page's certificates
// and next deadlines.
import type { CaseFilter, CaseQueries, DueDayCount, FeedScope, ListedCase, ListedObligation } from '../../app/console/console-ports.js';
import { addDays } from '../../domain/calendar/calendar-date.js';
import type { IsoDate } from '../../domain/calendar/calendar-date.js';
import type { ObligationKind, SchemeId } from '../../domain/case.js';
import { fromObligationRow, obligationReadColumns } from './obligation-rows.js';
import type { ObligationRow } from './obligation-rows.js';
import { inJsonList } from './connect.js';
import type { Database } from './connect.js';

type Param = string | number;
/** Obligations with their case's summary, which the list's filters are conditions on. */
const OBLIGATION_CASES = 'FROM "Obligation" o JOIN "CaseSummary" s ON s."caseId" = o."caseId"';
const SHOWN_O = '(o."shownFrom" IS NULL OR o."shownFrom" <= ?)';
const DUE_SOON_DAYS = 30;

/** `LIKE` with the user's text taken literally: % and _ match themselves. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function createCaseQueries(db: Database): CaseQueries {
  const sql = db.raw;
  // Case-insensitive on both: the summary's text is lower-cased, and so is the pattern (SQLite's
  // lower() and LIKE fold ASCII only; PostgreSQL's lower() folds every script, faster than ILIKE).
  const like = "LIKE lower(?) ESCAPE '\\'";
  const byteOrder = db.kind === 'postgres' ? ' COLLATE "C"' : '';

  function where(filter: CaseFilter, asOf: IsoDate): { clause: string; params: Param[] } {
    const conditions: string[] = [];
    const params: Param[] = [];
    if (filter.text) {
      // The summary holds the ref, organisation, certificate numbers and contact addresses (case-summary.ts).
      conditions.push(`s."searchText" ${like}`);
      params.push(containing(filter.text));
    }
    if (filter.scheme) {
      conditions.push('s.scheme = ?');
      params.push(filter.scheme);
    }
    if (filter.level !== undefined) {
      conditions.push('s.level = ?');
      params.push(filter.level);
    }
    if (filter.stage) {
      conditions.push('s.stage = ?');
      params.push(filter.stage);
    }
    if (filter.province) {
      conditions.push('s.province = ?');
      params.push(filter.province);
    }
    const owing = (from: IsoDate | null, to: IsoDate | null) => {
      const parts = ['("shownFrom" IS NULL OR "shownFrom" <= ?)'];
      const values: Param[] = [asOf];
      const add = (part: string, value: Param) => {
        parts.push(part);
        values.push(value);
      };
      if (from) add('"dueOn" >= ?', from);
      if (to) add('"dueOn" <= ?', to);
      if (filter.kind) add('kind = ?', filter.kind);
      conditions.push(`s."caseId" IN (SELECT "caseId" FROM "Obligation" WHERE ${parts.join(' AND ')})`);
      params.push(...values);
    };
    // Without a kind, overdue is the summary's earliest due date before today: an obligation is shown
    // by its due date at the latest (shownFrom ≤ dueOn), so the earliest one owed is also shown.
    if (filter.status === 'overdue' && !filter.kind) {
      conditions.push('s."nextDueOn" < ?');
      params.push(asOf);
    }
    if (filter.status === 'overdue' && filter.kind) owing(null, addDays(asOf, -1));
    if (filter.status === 'due-soon') owing(asOf, addDays(asOf, DUE_SOON_DAYS));
    if (filter.dueFrom || filter.dueTo) owing(filter.dueFrom ?? null, filter.dueTo ?? null);
    if (filter.status === 'expired') {
      // Certified once, and every certificate it holds has run out (the summary keeps the latest expiry).
      conditions.push('s."expiresOn" < ?');
      params.push(asOf);
    }
    if (filter.status === 'suspended') conditions.push("s.stage = 'suspended'");
    return { clause: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params };
  }

  // In the database's own collation, which the indexes on ref, name and the summary are built in.
  function orderBy(filter: CaseFilter): string {
    if (filter.sort === 'organization') return 's.organization, s.ref';
    // Cases owing nothing carry NOTHING_DUE and so come last.
    if (filter.sort === 'due') return 's."nextDueOn", s.ref';
    return 's.ref';
  }

  return {
    async findCases(filter, asOf, pageSize) {
      const { clause, params } = where(filter, asOf);
      const [counted] = await sql.rows<{ n: number | string }>(`SELECT COUNT(*) AS n FROM "CaseSummary" s ${clause}`, params);
      const rows = await sql.rows<{ id: string; ref: string; scheme: string; level: number; stage: string; organization: string; province: string | null }>(
        `SELECT s."caseId" AS id, s.ref, s.scheme, s.level, s.stage, s.organization, s.province FROM "CaseSummary" s ${clause} ORDER BY ${orderBy(filter)} LIMIT ? OFFSET ?`,
        [...params, pageSize, (filter.page - 1) * pageSize],
      );
      const ids = JSON.stringify(rows.map((r) => r.id));
      const [certificates, obligations] = rows.length
        ? await Promise.all([
            sql.rows<{ caseId: string; certificateNo: string; expiresOn: string }>(
              `SELECT "caseId", "certificateNo", "expiresOn" FROM "Certificate" WHERE "caseId" ${inJsonList(db.kind)} ORDER BY "issuedOn"`,
              [ids],
            ),
            sql.rows<{ caseId: string; kind: string; dueOn: string }>(
              `SELECT "caseId", kind, "dueOn" FROM "Obligation" WHERE "caseId" ${inJsonList(db.kind)} AND ("shownFrom" IS NULL OR "shownFrom" <= ?) ORDER BY "dueOn" DESC, kind DESC`,
              [ids, asOf],
            ),
          ])
        : [[], []];
      // Later rows win: the latest certificate, the earliest deadline.
      const certificateOf = new Map(certificates.map((t) => [t.caseId, t]));
      const nextOf = new Map(obligations.map((o) => [o.caseId, { kind: o.kind as ObligationKind, dueOn: o.dueOn }]));
      return {
        total: Number(counted?.n ?? 0),
        rows: rows.map(
          (r): ListedCase => ({
            ref: r.ref,
            scheme: r.scheme as SchemeId,
            level: Number(r.level),
            stage: r.stage,
            organization: r.organization,
            province: r.province,
            certificateNo: certificateOf.get(r.id)?.certificateNo ?? null,
            expiresOn: certificateOf.get(r.id)?.expiresOn ?? null,
            next: nextOf.get(r.id) ?? null,
          }),
        ),
      };
    },
    async dueCalendar(filter, asOf, from, to) {
      const { clause, params } = where({ ...filter, dueFrom: undefined, dueTo: undefined }, asOf);
      const kind = filter.kind ? ' AND o.kind = ?' : '';
      // The due range leads, so the database walks the obligations' "dueOn" index for one month only.
      const rows = await sql.rows<{ dueOn: string; kind: string; n: number | string }>(
        `SELECT o."dueOn" AS "dueOn", o.kind AS kind, COUNT(*) AS n ${OBLIGATION_CASES} ${clause ? `${clause} AND` : 'WHERE'} o."dueOn" >= ? AND o."dueOn" <= ? AND ${SHOWN_O}${kind}
         GROUP BY o."dueOn", o.kind ORDER BY o."dueOn", o.kind`,
        [...params, from, to, asOf, ...(filter.kind ? [filter.kind] : [])],
      );
      return rows.map((r): DueDayCount => ({ dueOn: r.dueOn, kind: r.kind as ObligationKind, count: Number(r.n) }));
    },
    async feedObligations(scope: FeedScope, asOf, from, to, limit) {
      const scoped =
        scope.kind === 'contact'
          ? { clause: 'WHERE s."caseId" IN (SELECT cc."caseId" FROM "CaseContact" cc WHERE cc."contactId" = ?)', params: [scope.contactId] as Param[] }
          : where({ ...scope.filter, dueFrom: undefined, dueTo: undefined }, asOf);
      const kind = scope.kind === 'filter' && scope.filter.kind ? ' AND o.kind = ?' : '';
      const columns = obligationReadColumns.replace(/"([A-Za-z]+)"/g, 'o."$1"');
      const rows = await sql.rows<ObligationRow & { organization: string }>(
        `SELECT ${columns}, s.organization AS organization ${OBLIGATION_CASES} ${scoped.clause ? `${scoped.clause} AND` : 'WHERE'} o."dueOn" >= ? AND o."dueOn" <= ? AND ${SHOWN_O}${kind}
         ORDER BY o."dueOn", o."caseRef"${byteOrder}, o.kind LIMIT ?`,
        [...scoped.params, from, to, asOf, ...(kind && scope.kind === 'filter' && scope.filter.kind ? [scope.filter.kind] : []), limit],
      );
      return rows.map((r): ListedObligation => ({ ...fromObligationRow(r, asOf), organization: r.organization }));
    },
    async provinces() {
      const rows = await sql.rows<{ province: string }>(`SELECT province FROM "Organization" WHERE province IS NOT NULL GROUP BY province ORDER BY province${byteOrder}`);
      return rows.map((r) => r.province);
    },
  };
}
