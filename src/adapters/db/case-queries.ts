// The console's case list as one query: filters become conditions on the case row or IN-lists
// answered from an index (obligations by due date, certificates by number, contacts by email), then
// one more query fetches the page's certificates and next deadlines.
import type { CaseFilter, CaseQueries, DueDayCount, FeedScope, ListedCase, ListedObligation } from '../../app/console/console-ports.js';
import { addDays } from '../../domain/calendar/calendar-date.js';
import type { IsoDate } from '../../domain/calendar/calendar-date.js';
import type { ObligationKind, SchemeId } from '../../domain/case.js';
import { fromObligationRow, obligationReadColumns } from './case-repository.js';
import type { ObligationRow } from './case-repository.js';
import { inJsonList } from './connect.js';
import type { Database } from './connect.js';

type Param = string | number;
const OBLIGATION_CASES = 'FROM "Obligation" o JOIN "Case" c ON c.id = o."caseId" JOIN "Organization" g ON g.id = c."organizationId"';
const SHOWN_O = '(o."shownFrom" IS NULL OR o."shownFrom" <= ?)';
const DUE_SOON_DAYS = 30;

/** `LIKE` with the user's text taken literally: % and _ match themselves. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function createCaseQueries(db: Database): CaseQueries {
  const sql = db.raw;
  // Case-insensitive on both: SQLite's LIKE already is for ASCII; PostgreSQL needs ILIKE.
  const like = db.kind === 'postgres' ? "ILIKE ? ESCAPE '\\'" : "LIKE ? ESCAPE '\\'";
  const byteOrder = db.kind === 'postgres' ? ' COLLATE "C"' : '';

  function where(filter: CaseFilter, asOf: IsoDate): { clause: string; params: Param[] } {
    const conditions: string[] = [];
    const params: Param[] = [];
    if (filter.text) {
      const pattern = containing(filter.text);
      conditions.push(
        `(c.ref ${like} OR g.name ${like}
          OR c.id IN (SELECT t."caseId" FROM "Certificate" t WHERE t."certificateNo" ${like})
          OR c.id IN (SELECT cc."caseId" FROM "CaseContact" cc JOIN "Contact" k ON k.id = cc."contactId" WHERE k.email ${like}))`,
      );
      params.push(pattern, pattern, pattern, pattern);
    }
    if (filter.scheme) {
      conditions.push('c.scheme = ?');
      params.push(filter.scheme);
    }
    if (filter.level !== undefined) {
      conditions.push('c.level = ?');
      params.push(filter.level);
    }
    if (filter.stage) {
      conditions.push('c.stage = ?');
      params.push(filter.stage);
    }
    if (filter.province) {
      conditions.push('g.province = ?');
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
      conditions.push(`c.id IN (SELECT "caseId" FROM "Obligation" WHERE ${parts.join(' AND ')})`);
      params.push(...values);
    };
    if (filter.status === 'overdue') owing(null, addDays(asOf, -1));
    if (filter.status === 'due-soon') owing(asOf, addDays(asOf, DUE_SOON_DAYS));
    if (filter.dueFrom || filter.dueTo) owing(filter.dueFrom ?? null, filter.dueTo ?? null);
    if (filter.status === 'expired') {
      // Certified once, and every certificate it holds has run out.
      conditions.push('c.id IN (SELECT "caseId" FROM "Certificate" GROUP BY "caseId" HAVING MAX("expiresOn") < ?)');
      params.push(asOf);
    }
    if (filter.status === 'suspended') conditions.push("c.stage = 'suspended'");
    return { clause: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params };
  }

  function orderBy(filter: CaseFilter): { join: string; order: string } {
    if (filter.sort === 'organization') return { join: '', order: `g.name${byteOrder}, c.ref${byteOrder}` };
    if (filter.sort === 'due') {
      return {
        join: 'LEFT JOIN (SELECT "caseId", MIN("dueOn") AS next FROM "Obligation" WHERE ("shownFrom" IS NULL OR "shownFrom" <= ?) GROUP BY "caseId") n ON n."caseId" = c.id',
        // Cases owing nothing last.
        order: `CASE WHEN n.next IS NULL THEN 1 ELSE 0 END, n.next, c.ref${byteOrder}`,
      };
    }
    return { join: '', order: `c.ref${byteOrder}` };
  }

  return {
    async findCases(filter, asOf, pageSize) {
      const { clause, params } = where(filter, asOf);
      const from = `FROM "Case" c JOIN "Organization" g ON g.id = c."organizationId"`;
      const sort = orderBy(filter);
      const joinParams = filter.sort === 'due' ? [asOf] : [];
      const [counted] = await sql.rows<{ n: number | string }>(`SELECT COUNT(*) AS n ${from} ${clause}`, params);
      const rows = await sql.rows<{ id: string; ref: string; scheme: string; level: number; stage: string; organization: string; province: string | null }>(
        `SELECT c.id, c.ref, c.scheme, c.level, c.stage, g.name AS organization, g.province ${from} ${sort.join} ${clause} ORDER BY ${sort.order} LIMIT ? OFFSET ?`,
        [...joinParams, ...params, pageSize, (filter.page - 1) * pageSize],
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
          ? { clause: 'WHERE c.id IN (SELECT cc."caseId" FROM "CaseContact" cc WHERE cc."contactId" = ?)', params: [scope.contactId] as Param[] }
          : where({ ...scope.filter, dueFrom: undefined, dueTo: undefined }, asOf);
      const kind = scope.kind === 'filter' && scope.filter.kind ? ' AND o.kind = ?' : '';
      const columns = obligationReadColumns.replace(/"([A-Za-z]+)"/g, 'o."$1"');
      const rows = await sql.rows<ObligationRow & { organization: string }>(
        `SELECT ${columns}, g.name AS organization ${OBLIGATION_CASES} ${scoped.clause ? `${scoped.clause} AND` : 'WHERE'} o."dueOn" >= ? AND o."dueOn" <= ? AND ${SHOWN_O}${kind}
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
