// Cases, their history and their certificates in Prisma. Rows are mapped to domain values here; no
// Prisma type leaves this folder.
import { randomUUID } from 'node:crypto';
import type { CaseRecord, CaseRepository, CaseWrite, AuditInput, RecordedEvent } from '../../app/ports.js';
import type { CaseState, EventData, SchemeId } from '../../domain/case.js';
import type { PlannedCase } from '../../domain/obligations.js';
import type { DomainError, Result } from '../../domain/result.js';
import type { Database } from './connect.js';
import type { Prisma, PrismaClient } from './generated/sqlite/client.js';

type Tx = Prisma.TransactionClient;

/** Thrown inside a transaction to roll it back with an expected outcome. */
class Refusal extends Error {
  constructor(readonly refusal: DomainError & { ref?: string }) {
    super(refusal.code);
  }
}

/** The status a certificate row shows, from the stage of its case. */
function certificateStatus(stage: string): string {
  switch (stage) {
    case 'suspended':
    case 'revoked':
    case 'cancelled':
      return stage;
    case 'inspection-failed':
      return 'under-review';
    default:
      return 'valid';
  }
}

export function createCaseRepository(db: Database): CaseRepository {
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
      if (write.organization.province && found.province !== write.organization.province) {
        await tx.organization.update({ where: { id: found.id }, data: { province: write.organization.province, updatedAt: at } });
      }
      return found.id;
    }
    const id = randomUUID();
    await tx.organization.create({
      data: { id, name: write.organization.name, province: write.organization.province, createdAt: at, updatedAt: at },
    });
    return id;
  }

  async function writeCase(tx: Tx, write: CaseWrite, actor: string, at: Date): Promise<void> {
    const orgId = await organizationId(tx, write, at);
    const version = write.expectedVersion + write.newEvents.length;
    const header = { stage: write.state.stage, level: write.state.level, snapshot: JSON.stringify(write.state), version, updatedAt: at };
    let caseId: string;
    const existing = await tx.case.findUnique({ where: { ref: write.ref }, select: { id: true } });
    if (write.create) {
      if (existing) throw new Refusal({ code: 'case/exists', params: { ref: write.ref }, ref: write.ref });
      caseId = randomUUID();
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
          id: randomUUID(),
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
      const contactId = found?.id ?? randomUUID();
      if (!found) {
        await tx.contact.create({ data: { id: contactId, organizationId: orgId, ...contact, createdAt: at, updatedAt: at } });
      }
      const linked = await tx.caseContact.findUnique({ where: { caseId_contactId: { caseId, contactId } } });
      if (!linked) await tx.caseContact.create({ data: { caseId, contactId } });
    }
    await writeCertificate(tx, caseId, write, at);
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
      status: certificateStatus(write.state.stage),
      updatedAt: at,
    };
    if (found) await tx.certificate.update({ where: key, data });
    else await tx.certificate.create({ data: { id: randomUUID(), caseId, scheme: write.scheme, certificateNo: certificate.certificateNo, ...data } });
  }

  async function save(writes: readonly CaseWrite[], audit: readonly AuditInput[], at: Date): Promise<Result<void, DomainError & { ref?: string }>> {
    const actor = audit[0]?.actor ?? 'system';
    // A writer that loses a race to insert the same organisation, contact or case sees a unique
    // violation; once the winner has committed, a second attempt reads its rows and decides properly.
    for (let attempt = 1; ; attempt++) {
      try {
        await prisma.$transaction(
          async (tx) => {
            for (const write of writes) await writeCase(tx, write, actor, at);
            for (const entry of audit) {
              await tx.auditEntry.create({
                data: { id: randomUUID(), at, actor: entry.actor, action: entry.action, subject: entry.subject, details: JSON.stringify(entry.details) },
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

  async function organizationCases(organizationId: string): Promise<PlannedCase[]> {
    const rows = await prisma.case.findMany({ where: { organizationId }, select: { ref: true, organizationId: true, snapshot: true }, orderBy: { ref: 'asc' } });
    return rows.map(toPlanned);
  }

  async function* planningBatches(batchSize: number): AsyncIterable<PlannedCase[]> {
    // Keyset pagination in (organisation, ref) order, through the driver: this reads every case.
    const first = 'SELECT ref, "organizationId", snapshot FROM "Case" ORDER BY "organizationId", ref LIMIT ?';
    const next = 'SELECT ref, "organizationId", snapshot FROM "Case" WHERE ("organizationId", ref) > (?, ?) ORDER BY "organizationId", ref LIMIT ?';
    let carry: PlannedCase[] = [];
    let rows = await db.rows<PlanningRow>(first, [batchSize]);
    for (;;) {
      const last = rows.at(-1);
      if (!last) break;
      const batch = carry.concat(rows.map(toPlanned));
      if (rows.length < batchSize) {
        yield batch;
        return;
      }
      // Hold back the last organisation: more of its cases may be in the next page (WA-6 plans them together).
      const cut = batch.findIndex((c) => c.organizationId === last.organizationId);
      carry = batch.slice(cut);
      if (cut > 0) yield batch.slice(0, cut);
      rows = await db.rows<PlanningRow>(next, [last.organizationId, last.ref, batchSize]);
    }
    if (carry.length) yield carry;
  }

  return { findByRef, history, save, organizationCases, planningBatches };
}

interface PlanningRow {
  ref: string;
  organizationId: string;
  snapshot: string;
}

function toPlanned(row: PlanningRow): PlannedCase {
  return { ref: row.ref, organizationId: row.organizationId, state: JSON.parse(row.snapshot) as CaseState };
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}
