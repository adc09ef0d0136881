// The contacts digests go to, what is recorded on them (a refused address, an unsubscription), and the
// reminders that never got through, for the staff digest.
import type { DigestContact, DigestDirectory, UndeliveredReminder } from '../../app/digest-ports.js';
import type { ObligationKind } from '../../domain/case.js';
import { inJsonList } from './connect.js';
import type { Database } from './connect.js';

/** Server replies can run long; the contact row keeps what a person needs to read. */
const MAX_REASON_LENGTH = 500;

interface ContactRow {
  contactId: string;
  name: string;
  email: string;
  locale: string;
  organization: string;
  province: string | null;
  ref: string | null;
  emailRejectedAt: string | number | null;
  emailRejectedReason: string | null;
  digestUnsubscribedAt: string | number | null;
  feedId: string | null;
}

export function createDigestRepository(db: Database): DigestDirectory {
  const pg = db.kind === 'postgres';
  // PostgreSQL returns a timestamp as epoch milliseconds here, so the process's time zone never shifts it.
  const time = (column: string) => (pg ? `(extract(epoch from k."${column}") * 1000)::float8 AS "${column}"` : `k."${column}" AS "${column}"`);
  const select = `SELECT k.id AS "contactId", k.name, k.email, k.locale, o.name AS organization, o.province, c.ref, k."emailRejectedReason", ${time('emailRejectedAt')}, ${time('digestUnsubscribedAt')},
      (SELECT f.id FROM "CalendarFeed" f WHERE f."ownerKind" = 'contact' AND f.owner = k.id AND f."revokedAt" IS NULL ORDER BY f."createdAt" DESC, f.id LIMIT 1) AS "feedId"
    FROM "Contact" k JOIN "Organization" o ON o.id = k."organizationId"
    LEFT JOIN "CaseContact" cc ON cc."contactId" = k.id LEFT JOIN "Case" c ON c.id = cc."caseId"`;
  const order = `ORDER BY o.name, k.email, k.id, c.ref`;

  async function contacts(where: string, params: (string | number)[]): Promise<DigestContact[]> {
    const rows = await db.raw.rows<ContactRow>(`${select} WHERE ${where} ${order}`, params);
    const byId = new Map<string, DigestContact & { caseRefs: string[] }>();
    for (const row of rows) {
      let contact = byId.get(row.contactId);
      if (!contact) {
        contact = {
          contactId: row.contactId,
          name: row.name,
          email: row.email,
          locale: row.locale,
          organization: row.organization,
          province: row.province,
          caseRefs: [],
          emailRejectedAt: instant(row.emailRejectedAt),
          emailRejectedReason: row.emailRejectedReason,
          digestUnsubscribedAt: instant(row.digestUnsubscribedAt),
          feedId: row.feedId,
        };
        byId.set(row.contactId, contact);
      }
      if (row.ref !== null) contact.caseRefs.push(row.ref);
    }
    return [...byId.values()];
  }

  return {
    async contact(contactId) {
      return (await contacts('k.id = ?', [contactId]))[0] ?? null;
    },
    async contactsByEmail(email) {
      return contacts('lower(k.email) = lower(?)', [email.trim()]);
    },
    async contactsOf(caseRefs) {
      if (!caseRefs.length) return [];
      return contacts(
        `k.id IN (SELECT cc2."contactId" FROM "CaseContact" cc2 JOIN "Case" c2 ON c2.id = cc2."caseId" WHERE c2.ref ${inJsonList(db.kind)})`,
        [JSON.stringify(caseRefs)],
      );
    },
    async markEmailRejected(contactId, reason, at) {
      await db.prisma.contact.updateMany({ where: { id: contactId }, data: { emailRejectedAt: at, emailRejectedReason: reason.slice(0, MAX_REASON_LENGTH), updatedAt: at } });
    },
    async markDigestUnsubscribed(contactId, at) {
      // The first unsubscription is the one that counts; a second click changes nothing.
      await db.prisma.contact.updateMany({ where: { id: contactId, digestUnsubscribedAt: null }, data: { digestUnsubscribedAt: at, updatedAt: at } });
      return (await db.prisma.contact.count({ where: { id: contactId } })) === 1;
    },
    async markDigestResubscribed(contactId, at) {
      await db.prisma.contact.updateMany({ where: { id: contactId, digestUnsubscribedAt: { not: null } }, data: { digestUnsubscribedAt: null, updatedAt: at } });
      return (await db.prisma.contact.count({ where: { id: contactId } })) === 1;
    },
    async undeliveredReminders(limit) {
      const rows = await db.raw.rows<{ caseRef: string; kind: string; occurrence: string; step: string; channel: string; address: string; lastError: string | null; failedAt: string | number }>(
        `SELECT f."caseRef", f.kind, f.occurrence, f.step, f.channel, f.address, f."lastError", ${pg ? `(extract(epoch from f."notBefore") * 1000)::float8` : 'f."notBefore"'} AS "failedAt"
         FROM "OutboxMessage" f
         WHERE f.purpose = 'reminder' AND f.status = 'failed'
           AND NOT EXISTS (SELECT 1 FROM "OutboxMessage" s WHERE s.reminder = f.reminder || '|fallback' AND s.status <> 'failed')
         ORDER BY f."notBefore" DESC, f.key LIMIT ?`,
        [limit],
      );
      return rows.map(
        (r): UndeliveredReminder => ({
          caseRef: r.caseRef,
          kind: r.kind as ObligationKind,
          occurrence: r.occurrence,
          step: r.step,
          channel: r.channel,
          address: r.address,
          reason: r.lastError ?? '',
          failedAt: new Date(r.failedAt),
        }),
      );
    },
  };
}

function instant(value: string | number | null): Date | null {
  return value === null ? null : new Date(value);
}
