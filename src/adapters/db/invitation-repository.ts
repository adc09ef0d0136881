// Invitations to the Telegram assistant. Only the SHA-256 of a token is stored, so a copy of the
// database cannot bind a chat; every issue, use, revocation and the bindings they make or undo are
// written to the audit log in the same transaction.
import { createHash, randomBytes } from 'node:crypto';
import { newRowId } from './row-id.js';
import type { InvitationRepository, RedeemOutcome } from '../../app/assistant-ports.js';
import type { Database } from './connect.js';
import type { Prisma } from './generated/sqlite/client.js';

type Tx = Prisma.TransactionClient;

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** 32 random bytes in base64url: 43 characters of A-Z a-z 0-9 _ -, as Telegram's ?start= allows. */
export function newInvitationToken(): string {
  return randomBytes(32).toString('base64url');
}

async function audit(tx: Tx, at: Date, actor: string, action: string, subject: string, details: Record<string, unknown>): Promise<void> {
  await tx.auditEntry.create({ data: { id: newRowId(), at, actor, action, subject, details: JSON.stringify(details) } });
}

/** The audit subject of a chat's own actions. */
export function chatSubject(chatId: string): string {
  return `telegram:${chatId}`;
}

export function createInvitationRepository(db: Database): InvitationRepository {
  const prisma = db.prisma;
  return {
    async issue(invitation, at) {
      const token = invitation.token ?? newInvitationToken();
      const id = newRowId();
      await prisma.$transaction(async (tx) => {
        await tx.invitation.create({
          data: { id, tokenHash: hashToken(token), contactId: invitation.contactId, caseRef: invitation.caseRef, issuedBy: invitation.issuedBy, createdAt: at, expiresAt: invitation.expiresAt },
        });
        await audit(tx, at, invitation.issuedBy, 'invitation.issue', invitation.caseRef, { invitation: id, contactId: invitation.contactId, expiresAt: invitation.expiresAt.toISOString() });
      });
      return { token };
    },

    async redeem(token, chatId, at): Promise<RedeemOutcome> {
      return prisma.$transaction(async (tx) => {
        const found = await tx.invitation.findUnique({ where: { tokenHash: hashToken(token) } });
        if (!found) return { kind: 'refused', reason: 'unknown' } as const;
        if (found.revokedAt) return { kind: 'refused', reason: 'revoked' } as const;
        if (found.usedAt) return { kind: 'refused', reason: 'used' } as const;
        if (found.expiresAt.getTime() <= at.getTime()) return { kind: 'refused', reason: 'expired' } as const;
        // The conditions again in the update: of two chats racing with one token, only one matches.
        const used = await tx.invitation.updateMany({
          where: { id: found.id, usedAt: null, revokedAt: null, expiresAt: { gt: at } },
          data: { usedAt: at, usedByChat: chatId },
        });
        if (used.count !== 1) return { kind: 'refused', reason: 'used' } as const;
        await tx.contactChat.upsert({
          where: { chatId_contactId: { chatId, contactId: found.contactId } },
          create: { chatId, contactId: found.contactId, status: 'active', boundAt: at, updatedAt: at },
          update: { status: 'active', updatedAt: at },
        });
        await audit(tx, at, chatSubject(chatId), 'chat.bind', found.caseRef, { invitation: found.id, contactId: found.contactId, chatId });
        return { kind: 'bound', contactId: found.contactId, caseRef: found.caseRef } as const;
      });
    },

    async revoke(contactIds, actor, at, context) {
      if (!contactIds.length) return { revoked: 0, unbound: 0 };
      const ids = [...contactIds];
      return prisma.$transaction(async (tx) => {
        const open = await tx.invitation.findMany({ where: { contactId: { in: ids }, usedAt: null, revokedAt: null, expiresAt: { gt: at } }, orderBy: { createdAt: 'asc' } });
        if (open.length) {
          await tx.invitation.updateMany({ where: { id: { in: open.map((i) => i.id) } }, data: { revokedAt: at, revokedBy: actor } });
        }
        for (const invitation of open) {
          await audit(tx, at, actor, 'invitation.revoke', invitation.caseRef, { invitation: invitation.id, contactId: invitation.contactId, ...context });
        }
        const bindings = await tx.contactChat.findMany({ where: { contactId: { in: ids } }, orderBy: { boundAt: 'asc' } });
        if (bindings.length) await tx.contactChat.deleteMany({ where: { contactId: { in: ids } } });
        for (const binding of bindings) {
          await audit(tx, at, actor, 'chat.unbind', chatSubject(binding.chatId), { contactId: binding.contactId, chatId: binding.chatId, ...context });
        }
        return { revoked: open.length, unbound: bindings.length };
      });
    },

    async contactIdsByEmail(email) {
      const rows = await prisma.contact.findMany({ where: { email: email.trim().toLowerCase() }, select: { id: true }, orderBy: { id: 'asc' } });
      return rows.map((r) => r.id);
    },
  };
}
