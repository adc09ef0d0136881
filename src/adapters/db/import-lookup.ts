// The look-ups of an import: a chunk's stored cases (with organisation, history and contacts) and the
// holders of its certificate numbers, in four set-based queries whatever the chunk's size.
import type { ImportLookup, StoredCase } from '../../app/import-ports.js';
import type { ContactRecord } from '../../app/ports.js';
import type { CaseEventInput, CaseState, EventData, SchemeId } from '../../domain/case.js';
import { inJsonList, type RawSql } from './connect.js';
import type { DatabaseKind } from './database-url.js';

interface CaseRow {
  id: string;
  ref: string;
  scheme: string;
  organizationId: string;
  organizationName: string;
  province: string | null;
  serviceType: string | null;
  level: number | bigint;
  version: number | bigint;
  snapshot: string;
}

export function importLookup(sql: RawSql, kind: DatabaseKind): ImportLookup {
  const among = inJsonList(kind);
  return {
    async casesByRef(refs) {
      const found = new Map<string, StoredCase>();
      if (!refs.length) return found;
      const rows = await sql.rows<CaseRow>(
        `SELECT c.id, c.ref, c.scheme, c."organizationId", o.name AS "organizationName", o.province, c."serviceType", c.level, c.version, c.snapshot
         FROM "Case" c JOIN "Organization" o ON o.id = c."organizationId" WHERE c.ref ${among}`,
        [JSON.stringify(refs)],
      );
      if (!rows.length) return found;
      const ids = JSON.stringify(rows.map((r) => r.id));
      // One after the other: inside an import's transaction both go over its one connection.
      const events = await sql.rows<{ caseId: string; type: string; occurredOn: string; data: string }>(
        `SELECT "caseId", type, "occurredOn", data FROM "CaseEvent" WHERE "caseId" ${among} ORDER BY "caseId", seq`,
        [ids],
      );
      const contacts = await sql.rows<{ caseId: string; id: string; name: string; email: string; locale: string }>(
        `SELECT l."caseId", k.id, k.name, k.email, k.locale FROM "CaseContact" l JOIN "Contact" k ON k.id = l."contactId" WHERE l."caseId" ${among}`,
        [ids],
      );
      const historyOf = groupBy(events, (e) => e.caseId);
      const contactsOf = groupBy(contacts, (c) => c.caseId);
      for (const row of rows) {
        found.set(row.ref, {
          id: row.id,
          ref: row.ref,
          scheme: row.scheme as SchemeId,
          organizationId: row.organizationId,
          organization: { name: row.organizationName, province: row.province },
          serviceType: row.serviceType,
          level: Number(row.level),
          version: Number(row.version),
          state: JSON.parse(row.snapshot) as CaseState,
          events: (historyOf.get(row.id) ?? []).map(toEvent),
          contacts: (contactsOf.get(row.id) ?? [])
            .map((c): ContactRecord => ({ id: c.id, name: c.name, email: c.email, locale: c.locale }))
            .sort((a, b) => a.email.localeCompare(b.email)),
        });
      }
      return found;
    },

    async certificateHolders(certificates) {
      const holders = new Map<string, string>();
      if (!certificates.length) return holders;
      // (scheme, certificateNo) pairs, so that the unique index on both is used.
      // Joined from the list, so that each pair is one index look-up (as an IN, PostgreSQL scanned the table).
      const pairs =
        kind === 'postgres'
          ? `(SELECT p->>0 AS scheme, p->>1 AS "certificateNo" FROM json_array_elements(CAST(? AS json)) AS p)`
          : `(SELECT json_extract(value, '$[0]') AS scheme, json_extract(value, '$[1]') AS "certificateNo" FROM json_each(?))`;
      const rows = await sql.rows<{ scheme: string; certificateNo: string; ref: string }>(
        `SELECT k.scheme, k."certificateNo", c.ref FROM ${pairs} AS p JOIN "Certificate" k ON k.scheme = p.scheme AND k."certificateNo" = p."certificateNo" JOIN "Case" c ON c.id = k."caseId"`,
        [JSON.stringify(certificates.map((c) => [c.scheme, c.certificateNo]))],
      );
      for (const row of rows) holders.set(`${row.scheme} ${row.certificateNo}`, row.ref);
      return holders;
    },
  };
}

function toEvent(row: { type: string; occurredOn: string; data: string }): CaseEventInput {
  const data = JSON.parse(row.data) as EventData;
  return Object.keys(data).length ? { type: row.type, date: row.occurredOn, data } : { type: row.type, date: row.occurredOn };
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}
