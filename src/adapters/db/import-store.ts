// An import's writes: each chunk of cases in a handful of bulk statements (organisations, cases,
// events, contacts, certificates, audit), then the obligations of every organisation written, all
// in one transaction with no time limit. Set-based throughout: 100,000 cases are some thirty
// statements per 2,000, not a dozen per case.
import { newRowId } from './row-id.js';
import type { ImportStore, ImportWrite } from '../../app/import-ports.js';
import type { AuditInput } from '../../app/ports.js';
import { computeObligations, type PlannedCase, type RuleContext } from '../../domain/obligations.js';
import type { CaseState } from '../../domain/case.js';
import { obligationColumns, obligationRow } from './obligation-rows.js';
import { refreshCaseSummaries } from './case-summary.js';
import { inJsonList, type Database, type RawSql } from './connect.js';
import type { DatabaseKind } from './database-url.js';
import { importLookup } from './import-lookup.js';
import { schemeFor } from '../../domain/schemes/registry.js';
import { updateRows } from './update-rows.js';

/** Organisations whose obligations are recomputed per statement (WA-6 ties an organisation's cases). */
const OBLIGATION_ORGANIZATIONS = 1_000;
/** An import that touches this many organisations gathers PostgreSQL's statistics afresh. */
const ANALYZE_AFTER_ORGANIZATIONS = 1_000;

class ConcurrentChange extends Error {
  constructor(readonly ref: string) {
    super('case/concurrent-change');
  }
}

export function createImportStore(db: Database, rules: RuleContext): ImportStore {
  return {
    ...importLookup(db.raw, db.kind),
    async transaction(work, at, actor) {
      const touched = new Set<string>();
      // Organisations this import created: their cases are all new and have no obligations to replace.
      const created = new Set<string>();
      try {
        await db.raw.transaction(
          async (tx) => {
            await work({ ...importLookup(tx, db.kind), write: (writes, audit) => writeChunk(tx, db.kind, writes, audit, at, actor, { touched, created }) });
            await recomputeObligations(tx, db.kind, rules, [...touched].sort(), created);
          },
          // Writers of cases wait for the import (a plain case write takes a row lock; this excludes them).
          'LOCK TABLE "Case" IN SHARE ROW EXCLUSIVE MODE',
          { bulk: true },
        );
        // PostgreSQL plans from statistics that autovacuum gathers only some time after a commit;
        // until then a register just loaded in bulk was planned as if nearly empty (the console's
        // list took 3× as long). A large import gathers them itself (about 1.5 s at 100,000 cases).
        if (db.kind === 'postgres' && touched.size >= ANALYZE_AFTER_ORGANIZATIONS) {
          await db.raw.run('ANALYZE "Organization", "Contact", "Case", "CaseContact", "Certificate", "Obligation", "CaseSummary"');
        }
        return { ok: true };
      } catch (error) {
        if (error instanceof ConcurrentChange) return { ok: false, error: { code: 'case/concurrent-change', params: { ref: error.ref } } };
        if (isUniqueViolation(error)) return { ok: false, error: { code: 'case/concurrent-change', params: { ref: '' } } };
        throw error;
      }
    },
  };
}

interface Organizations {
  /** Every organisation a case was written for, whose obligations are recomputed at the end. */
  readonly touched: Set<string>;
  readonly created: Set<string>;
}

async function writeChunk(tx: RawSql, kind: DatabaseKind, writes: readonly ImportWrite[], audit: readonly AuditInput[], at: Date, actor: string, { touched, created: fresh }: Organizations): Promise<void> {
  if (!writes.length) return;
  const now = at.toISOString();
  const among = inJsonList(kind);
  const organizations = await writeOrganizations(tx, among, writes, now, fresh);
  const caseIds = new Map<string, string>();
  const created: (string | number | null)[][] = [];
  const updated: (string | number | null)[][] = [];
  for (const w of writes) {
    const organizationId = organizations.get(w.organization.name)!;
    touched.add(organizationId);
    if (w.stored) touched.add(w.stored.organizationId);
    const id = w.stored?.id ?? newRowId();
    caseIds.set(w.ref, id);
    const version = (w.stored?.version ?? 0) + w.newEvents.length;
    const snapshot = JSON.stringify(w.state);
    if (w.stored) updated.push([id, organizationId, w.serviceType, w.state.level, w.state.stage, snapshot, version, now]);
    else created.push([id, w.ref, w.scheme, organizationId, w.serviceType, w.state.level, w.state.stage, snapshot, version, now, now]);
  }
  await tx.insertMany('Case', ['id', 'ref', 'scheme', 'organizationId', 'serviceType', 'level', 'stage', 'snapshot', 'version', 'createdAt', 'updatedAt'], created);
  const moved = await updateRows(tx, kind, 'Case', ['id', 'organizationId', 'serviceType', 'level', 'stage', 'snapshot', 'version', 'updatedAt'], updated);
  if (moved !== updated.length) throw new ConcurrentChange(writes.find((w) => w.stored)?.ref ?? '');

  await tx.insertMany(
    'CaseEvent',
    ['id', 'caseId', 'seq', 'type', 'occurredOn', 'data', 'recordedAt', 'recordedBy'],
    writes.flatMap((w) => w.newEvents.map((e, i) => [newRowId(), caseIds.get(w.ref)!, (w.stored?.version ?? 0) + i + 1, e.type, e.date, JSON.stringify(e.data ?? {}), now, actor])),
  );
  await writeContacts(tx, among, writes, organizations, caseIds, now);
  await writeCertificates(tx, kind, writes, caseIds, now);
  await tx.insertMany(
    'AuditEntry',
    ['id', 'at', 'actor', 'action', 'subject', 'details'],
    audit.map((a) => [newRowId(), now, a.actor, a.action, a.subject, JSON.stringify(a.details)]),
  );
}

/** Each organisation's id by name, inserting those not stored; a province is filled in or (an applied change) replaced. */
async function writeOrganizations(tx: RawSql, among: string, writes: readonly ImportWrite[], now: string, fresh: Set<string>): Promise<Map<string, string>> {
  const wanted = new Map<string, string | null>();
  for (const w of writes) if (!wanted.has(w.organization.name) || w.organization.province) wanted.set(w.organization.name, w.organization.province);
  const stored = await tx.rows<{ id: string; name: string; province: string | null }>(`SELECT id, name, province FROM "Organization" WHERE name ${among}`, [JSON.stringify([...wanted.keys()])]);
  const ids = new Map(stored.map((o) => [o.name, o.id]));
  for (const o of stored) {
    const province = wanted.get(o.name);
    if (province && province !== o.province) await tx.run('UPDATE "Organization" SET province = ?, "updatedAt" = ? WHERE id = ?', [province, now, o.id]);
  }
  const missing = [...wanted].filter(([name]) => !ids.has(name)).map(([name, province]) => [newRowId(), name, province, now, now]);
  await tx.insertMany('Organization', ['id', 'name', 'province', 'createdAt', 'updatedAt'], missing);
  for (const [id, name] of missing) {
    ids.set(name as string, id as string);
    fresh.add(id as string);
  }
  return ids;
}

async function writeContacts(tx: RawSql, among: string, writes: readonly ImportWrite[], organizations: Map<string, string>, caseIds: Map<string, string>, now: string): Promise<void> {
  const withContacts = writes.filter((w) => w.contacts.length || w.replaceContacts);
  if (!withContacts.length) return;
  const orgIds = [...new Set(withContacts.map((w) => organizations.get(w.organization.name)!))];
  const stored = await tx.rows<{ id: string; organizationId: string; email: string; name: string; locale: string }>(
    `SELECT id, "organizationId", email, name, locale FROM "Contact" WHERE "organizationId" ${among}`,
    [JSON.stringify(orgIds)],
  );
  const byKey = new Map(stored.map((c) => [`${c.organizationId} ${c.email}`, c]));
  const created: string[][] = [];
  const links: string[][] = [];
  for (const w of withContacts) {
    const organizationId = organizations.get(w.organization.name)!;
    const caseId = caseIds.get(w.ref)!;
    const ids: string[] = [];
    for (const contact of w.contacts) {
      const key = `${organizationId} ${contact.email}`;
      let found = byKey.get(key);
      if (!found) {
        found = { id: newRowId(), organizationId, ...contact };
        byKey.set(key, found);
        created.push([found.id, organizationId, contact.name, contact.email, contact.locale, now, now]);
      } else if (w.replaceContacts && (found.name !== contact.name || found.locale !== contact.locale)) {
        await tx.run('UPDATE "Contact" SET name = ?, locale = ?, "updatedAt" = ? WHERE id = ?', [contact.name, contact.locale, now, found.id]);
      }
      ids.push(found.id);
      links.push([caseId, found.id]);
    }
    if (w.replaceContacts) await tx.run(`DELETE FROM "CaseContact" WHERE "caseId" = ? AND NOT "contactId" ${among}`, [caseId, JSON.stringify(ids)]);
  }
  await tx.insertMany('Contact', ['id', 'organizationId', 'name', 'email', 'locale', 'createdAt', 'updatedAt'], created);
  await tx.insertMany('CaseContact', ['caseId', 'contactId'], links, { ignoreConflicts: true });
}

async function writeCertificates(tx: RawSql, kind: DatabaseKind, writes: readonly ImportWrite[], caseIds: Map<string, string>, now: string): Promise<void> {
  const certified = writes.filter((w) => w.state.certificate);
  const existing = certified.filter((w) => w.stored).map((w) => w.stored!.id);
  const stored = existing.length
    ? await tx.rows<{ id: string; caseId: string; scheme: string; certificateNo: string }>(
        `SELECT id, "caseId", scheme, "certificateNo" FROM "Certificate" WHERE "caseId" ${inJsonList(kind)}`,
        [JSON.stringify(existing)],
      )
    : [];
  const byKey = new Map(stored.map((c) => [`${c.caseId} ${c.scheme} ${c.certificateNo}`, c.id]));
  const created: (string | number)[][] = [];
  const updated: (string | number)[][] = [];
  for (const w of certified) {
    const c = w.state.certificate!;
    const caseId = caseIds.get(w.ref)!;
    const id = byKey.get(`${caseId} ${w.scheme} ${c.certificateNo}`);
    const status = schemeFor(w.scheme).certificateStatus(w.state.stage);
    if (id) updated.push([id, c.level, c.issuedOn, c.expiresOn, status, now]);
    else created.push([newRowId(), caseId, c.certificateNo, w.scheme, c.level, c.issuedOn, c.expiresOn, status, now]);
  }
  await tx.insertMany('Certificate', ['id', 'caseId', 'certificateNo', 'scheme', 'level', 'issuedOn', 'expiresOn', 'status', 'updatedAt'], created);
  await updateRows(tx, kind, 'Certificate', ['id', 'level', 'issuedOn', 'expiresOn', 'status', 'updatedAt'], updated);
}

/** Rewrites the obligations of every case of these organisations, from their states as now written. */
async function recomputeObligations(tx: RawSql, kind: DatabaseKind, rules: RuleContext, organizationIds: readonly string[], fresh: ReadonlySet<string>): Promise<void> {
  const among = inJsonList(kind);
  const rewritten: string[] = [];
  for (let i = 0; i < organizationIds.length; i += OBLIGATION_ORGANIZATIONS) {
    const group = JSON.stringify(organizationIds.slice(i, i + OBLIGATION_ORGANIZATIONS));
    const rows = await tx.rows<{ id: string; ref: string; organizationId: string; snapshot: string }>(
      `SELECT id, ref, "organizationId", snapshot FROM "Case" WHERE "organizationId" ${among}`,
      [group],
    );
    // By the ids just read (a sub-select over the organisations cost PostgreSQL a scan per group), and
    // only those of cases stored before this import.
    const stored = rows.filter((r) => !fresh.has(r.organizationId)).map((r) => r.id);
    if (stored.length) await tx.run(`DELETE FROM "Obligation" WHERE "caseId" ${among}`, [JSON.stringify(stored)]);
    const ids = new Map(rows.map((r) => [r.ref, r.id]));
    const planned: PlannedCase[] = rows.map((r) => ({ ref: r.ref, organizationId: r.organizationId, state: JSON.parse(r.snapshot) as CaseState }));
    const computed = computeObligations(planned, rules);
    await tx.insertMany('Obligation', obligationColumns, computed.map((o) => obligationRow(o, ids.get(o.caseRef)!)));
    // SQLite per group, which keeps memory flat. PostgreSQL once for the whole import: per group,
    // without statistics for the rows this import just wrote, it scanned every contact again for
    // each group (73 s instead of 42 s at 100,000 rows); over all of them it hash-joins each part once.
    if (kind === 'sqlite') await refreshCaseSummaries(tx, kind, rows.map((r) => r.id));
    else for (const r of rows) rewritten.push(r.id);
  }
  await refreshCaseSummaries(tx, kind, rewritten);
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  return e?.code === '23505' || e?.code === 'P2002' || (typeof e?.message === 'string' && e.message.includes('UNIQUE constraint failed'));
}
