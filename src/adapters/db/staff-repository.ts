// The web console's staff list, sign-in links and sessions. Links and session ids are random
// tokens of which only the SHA-256 is stored, so a copy of the database signs nobody in.
import { randomBytes } from 'node:crypto';
import { newRowId } from './row-id.js';
import type { AuditInput } from '../../app/ports.js';
import type { ConsoleLocale, SignInLinks, StaffDirectory, StaffMember, WebSessions } from '../../app/console/staff-ports.js';
import type { Database } from './connect.js';
import { hashToken } from './invitation-repository.js';
import type { Prisma } from './generated/sqlite/client.js';

type Tx = Prisma.TransactionClient;

async function writeAudit(tx: Tx, audit: AuditInput, at: Date): Promise<void> {
  await tx.auditEntry.create({ data: { id: newRowId(), at, actor: audit.actor, action: audit.action, subject: audit.subject, details: JSON.stringify(audit.details) } });
}

function memberOf(row: { email: string; locale: string; addedAt: Date; addedBy: string }): StaffMember {
  return { email: row.email, locale: row.locale === 'en' ? 'en' : 'zh-CN', addedAt: row.addedAt, addedBy: row.addedBy };
}

export function createStaffDirectory(db: Database): StaffDirectory {
  const prisma = db.prisma;
  return {
    async add(member, audit) {
      return prisma.$transaction(async (tx) => {
        if (await tx.staffMember.findUnique({ where: { email: member.email } })) return false;
        await tx.staffMember.create({ data: { ...member } });
        await writeAudit(tx, audit, member.addedAt);
        return true;
      });
    },
    async remove(email, at, audit) {
      return prisma.$transaction(async (tx) => {
        const { count } = await tx.staffMember.deleteMany({ where: { email } });
        if (count === 0) return false;
        // A removed member's open sessions end now, not when they idle out.
        await tx.webSession.updateMany({ where: { email, endedAt: null }, data: { endedAt: at } });
        await writeAudit(tx, audit, at);
        return true;
      });
    },
    async list() {
      return (await prisma.staffMember.findMany({ orderBy: { email: 'asc' } })).map(memberOf);
    },
    async find(email) {
      const row = await prisma.staffMember.findUnique({ where: { email } });
      return row ? memberOf(row) : null;
    },
    async setLocale(email: string, locale: ConsoleLocale, at, audit) {
      await prisma.$transaction(async (tx) => {
        await tx.staffMember.updateMany({ where: { email }, data: { locale } });
        await writeAudit(tx, audit, at);
      });
    },
  };
}

export function createSignInLinks(db: Database): SignInLinks {
  const prisma = db.prisma;
  return {
    async issue(email, expiresAt, at) {
      const token = randomBytes(32).toString('base64url');
      await prisma.signInToken.create({ data: { tokenHash: hashToken(token), email, createdAt: at, expiresAt } });
      return { token };
    },
    async issuedSince(email, since) {
      return prisma.signInToken.count({ where: { email, createdAt: { gte: since } } });
    },
    async redeem(token, at) {
      const tokenHash = hashToken(token);
      // One conditional update: of two browsers racing with the same link, one signs in.
      const { count } = await prisma.signInToken.updateMany({ where: { tokenHash, usedAt: null, expiresAt: { gt: at } }, data: { usedAt: at } });
      if (count !== 1) return null;
      return (await prisma.signInToken.findUnique({ where: { tokenHash } }))?.email ?? null;
    },
  };
}

/** A session is written back at most this often, not on every page. */
const TOUCH_EVERY_MS = 60_000;

export function createWebSessions(db: Database): WebSessions {
  const prisma = db.prisma;
  return {
    async open(email, at, idleExpiresAt, expiresAt, audit) {
      const sessionId = randomBytes(32).toString('base64url');
      await prisma.$transaction(async (tx) => {
        await tx.webSession.create({ data: { idHash: hashToken(sessionId), email, createdAt: at, lastSeenAt: at, idleExpiresAt, expiresAt } });
        await writeAudit(tx, audit, at);
      });
      return { sessionId };
    },
    async resume(sessionId, at, idleExpiresAt) {
      const idHash = hashToken(sessionId);
      const session = await prisma.webSession.findUnique({ where: { idHash } });
      if (!session || session.endedAt || session.idleExpiresAt <= at || session.expiresAt <= at) return null;
      const member = await prisma.staffMember.findUnique({ where: { email: session.email } });
      if (!member) return null;
      if (at.getTime() - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
        await prisma.webSession.update({ where: { idHash }, data: { lastSeenAt: at, idleExpiresAt } });
      }
      return memberOf(member);
    },
    async end(sessionId, at) {
      await prisma.webSession.updateMany({ where: { idHash: hashToken(sessionId), endedAt: null }, data: { endedAt: at } });
    },
  };
}
