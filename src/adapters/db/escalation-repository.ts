// Staff escalations, through Prisma on both databases. Every change of state is a conditional update
// (from the statuses it may leave), so that two staff clicking at once, or two instances sweeping,
// change it once; a staff action and its audit entry are written in one transaction.
import { newRowId } from './row-id.js';
import type { EscalationDetail, EscalationRecord, EscalationRepository, EscalationStatus, NewEscalation } from '../../app/escalation-ports.js';
import type { AuditInput } from '../../app/ports.js';
import type { EscalationKind, EscalationStage } from '../../domain/escalations.js';
import type { Database } from './connect.js';
import type { Escalation } from './generated/sqlite/client.js';

const actionable: EscalationStatus[] = ['open', 'snoozed'];

export function toRecord(row: Escalation): EscalationRecord {
  return {
    id: row.id,
    key: row.key,
    kind: row.kind as EscalationKind,
    caseRef: row.caseRef,
    occurrence: row.occurrence,
    stage: row.stage as EscalationStage,
    detail: JSON.parse(row.detail) as EscalationDetail,
    status: row.status as EscalationStatus,
    raisedAt: row.raisedAt,
    channelId: row.channelId,
    messageTs: row.messageTs,
    acknowledgedBy: row.acknowledgedBy,
    acknowledgedAt: row.acknowledgedAt,
    snoozedUntil: row.snoozedUntil,
    reescalatedAt: row.reescalatedAt,
    resolvedAt: row.resolvedAt,
  };
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}

export function createEscalationRepository(db: Database): EscalationRepository {
  const prisma = db.prisma;
  const auditRow = (entry: AuditInput, at: Date) => ({
    id: newRowId(),
    at,
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject,
    details: JSON.stringify(entry.details),
  });

  /** A conditional update with its audit entry: the record after it, or null when the condition did not hold. */
  async function transition(id: string, data: Partial<Escalation>, at: Date, audit: AuditInput | null): Promise<EscalationRecord | null> {
    const changed = await prisma.$transaction(async (tx) => {
      const { count } = await tx.escalation.updateMany({ where: { id, status: { in: actionable } }, data: { ...data, updatedAt: at } });
      if (count === 1 && audit) await tx.auditEntry.create({ data: auditRow(audit, at) });
      return count === 1;
    });
    if (!changed) return null;
    const row = await prisma.escalation.findUnique({ where: { id } });
    return row && toRecord(row);
  }

  return {
    async raise(escalations: readonly NewEscalation[], at: Date) {
      const raised: EscalationRecord[] = [];
      for (const e of escalations) {
        try {
          const row = await prisma.escalation.create({
            data: {
              id: newRowId(),
              key: e.key,
              kind: e.kind,
              caseRef: e.caseRef,
              occurrence: e.occurrence,
              stage: e.stage,
              detail: JSON.stringify(e.detail),
              status: 'open',
              raisedAt: at,
              updatedAt: at,
            },
          });
          raised.push(toRecord(row));
        } catch (error) {
          // Raised before (by an earlier sweep, or by another instance just now): raised once.
          if (!isUniqueViolation(error)) throw error;
        }
      }
      return raised;
    },

    async byId(id) {
      const row = await prisma.escalation.findUnique({ where: { id } });
      return row && toRecord(row);
    },

    async unresolved(caseRef) {
      const rows = await prisma.escalation.findMany({
        where: { status: { not: 'resolved' }, ...(caseRef ? { caseRef } : {}) },
        orderBy: [{ raisedAt: 'asc' }, { key: 'asc' }],
      });
      return rows.map(toRecord);
    },

    async posted(id, channelId, messageTs, at) {
      await prisma.escalation.update({ where: { id }, data: { channelId, messageTs, updatedAt: at } });
    },

    acknowledge(id, by, at, audit) {
      return transition(id, { status: 'acknowledged', acknowledgedBy: by, acknowledgedAt: at }, at, audit);
    },

    snooze(id, until, at, audit) {
      return transition(id, { status: 'snoozed', snoozedUntil: until }, at, audit);
    },

    async dueForReescalation(now, raisedBefore) {
      const rows = await prisma.escalation.findMany({
        where: {
          OR: [
            { status: 'open', snoozedUntil: null, reescalatedAt: null, raisedAt: { lte: raisedBefore } },
            { status: 'snoozed', snoozedUntil: { lte: now } },
          ],
        },
        orderBy: [{ raisedAt: 'asc' }, { key: 'asc' }],
      });
      // A snoozed one re-escalated after its snooze ended is not due again until snoozed anew.
      return rows.map(toRecord).filter((e) => !(e.snoozedUntil && e.reescalatedAt && e.reescalatedAt >= e.snoozedUntil));
    },

    async markReescalated(id, expected, at) {
      const { count } = await prisma.escalation.updateMany({
        where: { id, status: { in: actionable }, reescalatedAt: expected.reescalatedAt },
        data: { status: 'open', reescalatedAt: at, updatedAt: at },
      });
      return count === 1;
    },

    async resolve(id, at) {
      const { count } = await prisma.escalation.updateMany({ where: { id, status: { not: 'resolved' } }, data: { status: 'resolved', resolvedAt: at, updatedAt: at } });
      if (count !== 1) return null;
      const row = await prisma.escalation.findUnique({ where: { id } });
      return row && toRecord(row);
    },
  };
}
