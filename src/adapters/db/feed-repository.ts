// Calendar feeds: rows that name an owner and a filter and keep only their token's SHA-256, each
// creation and revocation written with its audit entry in one transaction.
import type { AuditInput } from '../../app/ports.js';
import type { CalendarFeed, ContactFeed, FeedOwnerKind, FeedStore } from '../../app/console/feed-ports.js';
import type { Database } from './connect.js';
import type { Prisma } from './generated/sqlite/client.js';
import { newRowId } from './row-id.js';

type Tx = Prisma.TransactionClient;

interface FeedRow {
  id: string;
  ownerKind: string;
  owner: string;
  filter: string;
  createdAt: Date;
  createdBy: string;
  revokedAt: Date | null;
}

async function writeAudit(tx: Tx, audit: AuditInput, at: Date): Promise<void> {
  await tx.auditEntry.create({ data: { id: newRowId(), at, actor: audit.actor, action: audit.action, subject: audit.subject, details: JSON.stringify(audit.details) } });
}

function filterOf(text: string): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}

function feedOf(row: FeedRow): CalendarFeed {
  return {
    id: row.id,
    ownerKind: row.ownerKind === 'contact' ? 'contact' : 'staff',
    owner: row.owner,
    filter: filterOf(row.filter),
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    revokedAt: row.revokedAt,
  };
}

export function createFeedRepository(db: Database): FeedStore {
  const prisma = db.prisma;
  return {
    async create(feed, tokenHash, audit) {
      await prisma.$transaction(async (tx) => {
        await tx.calendarFeed.create({
          data: { id: feed.id, tokenHash, ownerKind: feed.ownerKind, owner: feed.owner, filter: JSON.stringify(feed.filter), createdAt: feed.createdAt, createdBy: feed.createdBy, revokedAt: null },
        });
        await writeAudit(tx, audit, feed.createdAt);
      });
    },
    async byTokenHash(tokenHash) {
      const row = await prisma.calendarFeed.findUnique({ where: { tokenHash } });
      return row ? feedOf(row) : null;
    },
    async find(id) {
      const row = await prisma.calendarFeed.findUnique({ where: { id } });
      return row ? feedOf(row) : null;
    },
    async activeOf(ownerKind: FeedOwnerKind, owner: string) {
      const rows = await prisma.calendarFeed.findMany({ where: { ownerKind, owner, revokedAt: null }, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] });
      return rows.map(feedOf);
    },
    async activeContactFeeds(limit) {
      const rows = await prisma.calendarFeed.findMany({ where: { ownerKind: 'contact', revokedAt: null }, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], take: limit });
      const contacts = await prisma.contact.findMany({ where: { id: { in: rows.map((r) => r.owner) } }, include: { organization: true } });
      const byId = new Map(contacts.map((c) => [c.id, c]));
      return rows.flatMap((row): ContactFeed[] => {
        const contact = byId.get(row.owner);
        return contact ? [{ ...feedOf(row), email: contact.email, organization: contact.organization.name }] : [];
      });
    },
    async revoke(id, at, audit) {
      return prisma.$transaction(async (tx) => {
        const { count } = await tx.calendarFeed.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at } });
        if (count === 0) return false;
        await writeAudit(tx, audit, at);
        return true;
      });
    },
  };
}
