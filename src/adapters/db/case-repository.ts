// Cases, their history and their certificates in Prisma. Rows are mapped to domain values here; no
// Prisma type leaves this folder.
import { newRowId } from './row-id.js';
import type { AuditInput, CaseRecord, CaseRepository, CaseWrite, ObligationQuery, RecordedEvent } from '../../app/ports.js';
import type { CaseState, EventData, SchemeId } from '../../domain/case.js';
import { computeObligations } from '../../domain/obligations.js';
import type { PlannedCase, PlannedObligation, RuleContext } from '../../domain/obligations.js';
import type { DomainError, Result } from '../../domain/result.js';
import { schemeFor } from '../../domain/schemes/registry.js';
import type { Database, RawSql } from './connect.js';
import type { Prisma, PrismaClient } from './generated/sqlite/client.js';
import { refreshCaseSummaries } from './case-summary.js';
import { createImportStore } from './import-store.js';
import { prismaSql } from './raw-sql.js';
import { obligationColumns, obligationRecord, obligationRow } from './obligation-rows.js';
import { readObligations } from './obligation-reads.js';

type Tx = Prisma.TransactionClient;

/** Thrown inside a transaction to roll it back with an expected outcome. */
class Refusal extends Error {
  constructor(readonly refusal: DomainError & { ref?: string }) {
    super(refusal.code);
  }
}

export interface CaseRepositoryOptions {
  /** Cases read per page when every obligation is recomputed. */
  readonly refreshPageSize?: number;
  /** Obligations read per page. */
  readonly obligationPageSize?: number;
}

export function createCaseRepository(db: Database, rules: RuleContext, options: CaseRepositoryOptions = {}): CaseRepository {
  const refreshPageSize = options.refreshPageSize ?? 5_000;
  const obligationPageSize = options.obligationPageSize ?? 1_000;
  const prisma: PrismaClient = db.prisma;

  async function findByRef(ref: string): Promise<CaseRecord | null> {
    const row = await prisma.case.findUnique({
      where: { ref },
      include: { organization: true, contacts: { include: { contact: true } } },
    });
    if (!row) return null;
    return {
      id: row.id,
      ref: row.ref,
      scheme: row.scheme as SchemeId,
      organizationId: row.organizationId,
      organization: { name: row.organization.name, province: row.organization.province },
      serviceType: row.serviceType,
      level: row.level,
      state: JSON.parse(row.snapshot) as CaseState,
      version: row.version,
      contacts: row.contacts
        .map(({ contact }) => ({ id: contact.id, name: contact.name, email: contact.email, locale: contact.locale }))
        .sort((a, b) => a.email.localeCompare(b.email)),
    };
  }

  async function history(caseId: string): Promise<RecordedEvent[]> {
    const rows = await prisma.caseEvent.findMany({ where: { caseId }, orderBy: { seq: 'asc' } });
    return rows.map((row) => {
      const data = JSON.parse(row.data) as EventData;
      return {
        seq: row.seq,
        type: row.type,
        date: row.occurredOn,
        ...(Object.keys(data).length ? { data } : {}),
        recordedAt: row.recordedAt,
        recordedBy: row.recordedBy,
      };
    });
  }

  async function organizationId(tx: Tx, write: CaseWrite, at: Date): Promise<string> {
    const found = await tx.organization.findUnique({ where: { name: write.organization.name } });
    if (found) {
      // Always an update: its row lock makes concurrent writers of one organisation take turns, so
      // that the obligations recomputed across its cases (WA-6) never miss a sibling's change.
      const province = write.organization.province ?? found.province;
      await tx.organization.update({ where: { id: found.id }, data: { province, updatedAt: at } });
      return found.id;
    }
    const id = newRowId();
    await tx.organization.create({
      data: { id, name: write.organization.name, province: write.organization.province, createdAt: at, updatedAt: at },
    });
    return id;
  }

  async function writeCase(tx: Tx, write: CaseWrite, actor: string, at: Date): Promise<string> {
    const orgId = await organizationId(tx, write, at);
    const version = write.expectedVersion + write.newEvents.length;
    const header = { stage: write.state.stage, level: write.state.level, snapshot: JSON.stringify(write.state), version, updatedAt: at };
    let caseId: string;
    const existing = await tx.case.findUnique({ where: { ref: write.ref }, select: { id: true } });
    if (write.create) {
      if (existing) throw new Refusal({ code: 'case/exists', params: { ref: write.ref }, ref: write.ref });
      caseId = newRowId();
      await tx.case.create({
        data: { id: caseId, ref: write.ref, scheme: write.scheme, organizationId: orgId, serviceType: write.serviceType, createdAt: at, ...header },
      });
    } else {
      if (!existing) throw new Refusal({ code: 'case/not-found', params: { ref: write.ref }, ref: write.ref });
      // Optimistic concurrency: the update only matches if nobody appended since the write was computed.
      const updated = await tx.case.updateMany({ where: { id: existing.id, version: write.expectedVersion }, data: header });
      if (updated.count !== 1) throw new Refusal({ code: 'case/concurrent-change', params: { ref: write.ref }, ref: write.ref });
      caseId = existing.id;
    }
    for (const [i, event] of write.newEvents.entries()) {
      await tx.caseEvent.create({
        data: {
          id: newRowId(),
          caseId,
          seq: write.expectedVersion + i + 1,
          type: event.type,
          occurredOn: event.date,
          data: JSON.stringify(event.data ?? {}),
          recordedAt: at,
          recordedBy: actor,
        },
      });
    }
    for (const contact of write.contacts) {
      const found = await tx.contact.findUnique({ where: { organizationId_email: { organizationId: orgId, email: contact.email } } });
      const contactId = found?.id ?? newRowId();
      if (!found) {
        await tx.contact.create({ data: { id: contactId, organizationId: orgId, ...contact, createdAt: at, updatedAt: at } });
      }
      const linked = await tx.caseContact.findUnique({ where: { caseId_contactId: { caseId, contactId } } });
      if (!linked) await tx.caseContact.create({ data: { caseId, contactId } });
    }
    await writeCertificate(tx, caseId, write, at);
    return orgId;
  }

  /** Rewrites the stored obligations of every case of these organisations, from their states as now written. */
  async function rewriteObligations(tx: Tx, organizationIds: readonly string[]): Promise<void> {
    const rows = await tx.case.findMany({ where: { organizationId: { in: [...organizationIds] } }, select: { id: true, ref: true, organizationId: true, snapshot: true } });
    const ids = new Map(rows.map((r) => [r.ref, r.id]));
    await tx.obligation.deleteMany({ where: { caseId: { in: rows.map((r) => r.id) } } });
    const computed = computeObligations(rows.map(toPlanned), rules);
    if (computed.length) {
      await tx.obligation.createMany({ data: computed.map((o) => obligationRecord(o, ids.get(o.caseRef) ?? '')) });
    }
    await refreshCaseSummaries(prismaSql(tx, db.kind), db.kind, rows.map((r) => r.id));
  }

  async function writeCertificate(tx: Tx, caseId: string, write: CaseWrite, at: Date): Promise<void> {
    const certificate = write.state.certificate;
    if (!certificate) return;
    const key = { scheme_certificateNo: { scheme: write.scheme, certificateNo: certificate.certificateNo } };
    const found = await tx.certificate.findUnique({ where: key });
    if (found && found.caseId !== caseId) {
      throw new Refusal({ code: 'certificate/duplicate', params: { certificateNo: certificate.certificateNo, ref: write.ref }, ref: write.ref });
    }
    const data = {
      level: certificate.level,
      issuedOn: certificate.issuedOn,
      expiresOn: certificate.expiresOn,
      status: schemeFor(write.scheme).certificateStatus(write.state.stage),
      updatedAt: at,
    };
    if (found) await tx.certificate.update({ where: key, data });
    else await tx.certificate.create({ data: { id: newRowId(), caseId, scheme: write.scheme, certificateNo: certificate.certificateNo, ...data } });
  }

  async function save(writes: readonly CaseWrite[], audit: readonly AuditInput[], at: Date): Promise<Result<void, DomainError & { ref?: string }>> {
    const actor = audit[0]?.actor ?? 'system';
    // A writer that loses a race to insert the same organisation, contact or case sees a unique
    // violation; once the winner has committed, a second attempt reads its rows and decides properly.
    for (let attempt = 1; ; attempt++) {
      try {
        await prisma.$transaction(
          async (tx) => {
            const organizations = new Set<string>();
            for (const write of writes) organizations.add(await writeCase(tx, write, actor, at));
            await rewriteObligations(tx, [...organizations]);
            for (const entry of audit) {
              await tx.auditEntry.create({
                data: { id: newRowId(), at, actor: entry.actor, action: entry.action, subject: entry.subject, details: JSON.stringify(entry.details) },
              });
            }
          },
          { timeout: 120_000, maxWait: 30_000 },
        );
        return { ok: true, value: undefined };
      } catch (error) {
        if (error instanceof Refusal) return { ok: false, error: error.refusal };
        if (!isUniqueViolation(error)) throw error;
        if (attempt >= 2) return { ok: false, error: { code: 'case/concurrent-change', params: { ref: writes.map((w) => w.ref).join(', ') } } };
      }
    }
  }

  function obligations(query: ObligationQuery): AsyncIterable<PlannedObligation[]> {
    return readObligations(db, query, obligationPageSize);
  }

  async function refreshObligations(fingerprint: string): Promise<{ refreshed: boolean; cases: number; obligations: number }> {
    // Read first, outside any transaction: almost every start finds the fingerprint unchanged, and a
    // read-only command should neither take the write lock nor load Prisma's query engine for it.
    const [seen] = await db.raw.rows<{ fingerprint: string }>('SELECT fingerprint FROM "PlanningState" WHERE id = ?', ['obligations']);
    if (seen?.fingerprint === fingerprint) return { refreshed: false, cases: 0, obligations: 0 };
    // Writers wait while the obligations are rebuilt, so that none is computed from a stale state.
    return db.raw.transaction(async (tx) => {
      const [current] = await tx.rows<{ fingerprint: string }>('SELECT fingerprint FROM "PlanningState" WHERE id = ?', ['obligations']);
      if (current?.fingerprint === fingerprint) return { refreshed: false, cases: 0, obligations: 0 };
      await tx.run('DELETE FROM "Obligation"');
      let cases = 0;
      let written = 0;
      for await (const batch of planningBatches(tx, refreshPageSize)) {
        const ids = new Map(batch.map((c) => [c.planned.ref, c.id]));
        const computed = computeObligations(batch.map((c) => c.planned), rules);
        await tx.insertMany('Obligation', obligationColumns, computed.map((o) => obligationRow(o, ids.get(o.caseRef) ?? '')));
        cases += batch.length;
        written += computed.length;
      }
      await refreshCaseSummaries(tx, db.kind, 'all');
      await tx.run('DELETE FROM "PlanningState" WHERE id = ?', ['obligations']);
      await tx.insertMany('PlanningState', ['id', 'fingerprint', 'computedAt'], [['obligations', fingerprint, new Date().toISOString()]]);
      return { refreshed: true, cases, obligations: written };
    }, 'LOCK TABLE "Case" IN SHARE ROW EXCLUSIVE MODE');
  }

  return { findByRef, history, save, obligations, refreshObligations, imports: createImportStore(db, rules) };
}

/** Every case, page by page in (organisation, ref) order, never splitting an organisation (WA-6). */
async function* planningBatches(sql: RawSql, batchSize: number): AsyncIterable<{ id: string; planned: PlannedCase }[]> {
  const columns = 'SELECT id, ref, "organizationId", snapshot FROM "Case"';
  let carry: { id: string; planned: PlannedCase }[] = [];
  let rows = await sql.rows<PlanningRow>(`${columns} ORDER BY "organizationId", ref LIMIT ?`, [batchSize]);
  for (;;) {
    const last = rows.at(-1);
    if (!last) break;
    const batch = carry.concat(rows.map((row) => ({ id: row.id, planned: toPlanned(row) })));
    if (rows.length < batchSize) {
      yield batch;
      return;
    }
    const cut = batch.findIndex((c) => c.planned.organizationId === last.organizationId);
    carry = batch.slice(cut);
    if (cut > 0) yield batch.slice(0, cut);
    rows = await sql.rows<PlanningRow>(`${columns} WHERE ("organizationId", ref) > (?, ?) ORDER BY "organizationId", ref LIMIT ?`, [last.organizationId, last.ref, batchSize]);
  }
  if (carry.length) yield carry;
}

interface PlanningRow {
  id: string;
  ref: string;
  organizationId: string;
  snapshot: string;
}

function toPlanned(row: { ref: string; organizationId: string; snapshot: string }): PlannedCase {
  return { ref: row.ref, organizationId: row.organizationId, state: JSON.parse(row.snapshot) as CaseState };
}


function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}
