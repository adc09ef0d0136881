// The Telegram chats' bindings to contacts and their own choices (/lang). Reads are plain SQL: the
// assistant asks "which cases may this chat see" on every update.
import { newRowId } from './row-id.js';
import type { BoundCase, ChatDirectory } from '../../app/assistant-ports.js';
import type { CaseState } from '../../domain/case.js';
import type { Database } from './connect.js';
import { chatSubject } from './invitation-repository.js';
import { createOutboxRepository } from './outbox-repository.js';

export function createChatDirectory(db: Database): ChatDirectory {
  const prisma = db.prisma;
  // Refs in byte order on both databases, as everywhere else.
  const byRef = db.kind === 'postgres' ? 'c.ref COLLATE "C"' : 'c.ref';
  const { markChatBlocked } = createOutboxRepository(db);
  return {
    async boundCases(chatId) {
      const rows = await db.raw.rows<Omit<BoundCase, 'blocked' | 'state'> & { status: string; snapshot: string }>(
        `SELECT c.ref AS "caseRef", c.scheme, c."serviceType", c.snapshot, k.id AS "contactId", k.name AS "contactName", o.province, b.status
         FROM "ContactChat" b JOIN "Contact" k ON k.id = b."contactId" JOIN "CaseContact" cc ON cc."contactId" = k.id
         JOIN "Case" c ON c.id = cc."caseId" JOIN "Organization" o ON o.id = c."organizationId"
         WHERE b."chatId" = ? ORDER BY ${byRef}`,
        [chatId],
      );
      return rows.map(({ status, snapshot, ...row }) => ({ ...row, state: JSON.parse(snapshot) as CaseState, blocked: status === 'blocked' }));
    },

    async reactivate(chatId, at) {
      await prisma.contactChat.updateMany({ where: { chatId, status: 'blocked' }, data: { status: 'active', updatedAt: at } });
    },

    async unbind(chatId, actor, at) {
      return prisma.$transaction(async (tx) => {
        const bindings = await tx.contactChat.findMany({ where: { chatId }, orderBy: { boundAt: 'asc' } });
        if (!bindings.length) return 0;
        await tx.contactChat.deleteMany({ where: { chatId } });
        await tx.auditEntry.create({
          data: { id: newRowId(), at, actor, action: 'chat.unbind', subject: chatSubject(chatId), details: JSON.stringify({ chatId, contactIds: bindings.map((b) => b.contactId) }) },
        });
        return bindings.length;
      });
    },

    markBlocked: markChatBlocked,

    async localeOf(chatId) {
      const rows = await db.raw.rows<{ locale: string | null }>('SELECT locale FROM "ChatSetting" WHERE "chatId" = ?', [chatId]);
      return rows[0]?.locale ?? null;
    },

    async setLocale(chatId, locale, at) {
      await prisma.chatSetting.upsert({ where: { chatId }, create: { chatId, locale, updatedAt: at }, update: { locale, updatedAt: at } });
    },
  };
}
