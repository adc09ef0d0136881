// The outbox and the recipient directory, in plain SQL: claiming rows must be atomic across
// processes (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite: one writer at a time), which Prisma's API
// cannot express. Times are written as ISO-8601 UTC and read back as instants on both databases.
import { newRowId } from './row-id.js';
import type { NewOutboxEntry, OutboxEntry, OutboxPurpose, OutboxRepository, OutboxStatus, Recipient, RecipientDirectory } from '../../app/reminder-ports.js';
import type { FailedDeliveries } from '../../app/console/case-page-ports.js';
import { inJsonList } from './connect.js';
import type { Database } from './connect.js';

const columns = ['id', 'key', 'reminder', 'purpose', 'detail', 'caseRef', 'kind', 'occurrence', 'step', 'contactId', 'channel', 'address', 'locale', 'status', 'attempts', 'notBefore', 'claimedBy', 'claimedUntil', 'lastError', 'createdAt', 'sentAt'] as const;

interface Row {
  id: string;
  key: string;
  reminder: string;
  purpose: string;
  detail: string | null;
  caseRef: string;
  kind: string;
  occurrence: string;
  step: string;
  contactId: string;
  channel: string;
  address: string;
  locale: string;
  status: string;
  attempts: number;
  notBefore: string | number;
  lastError: string | null;
  createdAt: string | number;
  sentAt: string | number | null;
}

/**
 * Which due rows go first: staff escalations, then the applicants' reminders and digests, then the
 * notices about undelivered reminders and the staff reports. A burst of notices never holds up an
 * escalation of an overdue audit.
 */
const PRIORITY = `CASE WHEN purpose = 'escalation' AND key NOT LIKE 'escalation|undelivered-reminder|%' THEN 0 WHEN purpose IN ('reminder', 'digest') THEN 1 ELSE 2 END`;

export function createOutboxRepository(db: Database): OutboxRepository & RecipientDirectory & FailedDeliveries {
  const pg = db.kind === 'postgres';
  // PostgreSQL returns a timestamp as epoch milliseconds here, so the process's time zone never shifts it.
  const time = (column: string) => (pg ? `(extract(epoch from "${column}") * 1000)::float8 AS "${column}"` : `"${column}"`);
  const select = `SELECT ${['id', 'key', 'reminder', 'purpose', 'detail', 'caseRef', 'kind', 'occurrence', 'step', 'contactId', 'channel', 'address', 'locale', 'status', 'attempts', 'lastError'].map((c) => `"${c}"`).join(', ')}, ${time('notBefore')}, ${time('createdAt')}, ${time('sentAt')} FROM "OutboxMessage"`;
  const iso = (d: Date) => d.toISOString();
  // Explicit types for PostgreSQL, so that every column's parameter is read as what it is.
  const casts: Partial<Record<(typeof columns)[number], string>> = { attempts: 'integer', notBefore: 'timestamp(3)', claimedUntil: 'timestamp(3)', createdAt: 'timestamp(3)', sentAt: 'timestamp(3)' };
  const placeholders = columns.map((c) => (pg ? `CAST(? AS ${casts[c] ?? 'text'})` : '?')).join(', ');

  function toEntry(row: Row): OutboxEntry {
    return {
      id: row.id,
      key: row.key,
      reminder: row.reminder,
      purpose: row.purpose as OutboxPurpose,
      detail: row.detail,
      caseRef: row.caseRef,
      kind: row.kind,
      occurrence: row.occurrence,
      step: row.step,
      contactId: row.contactId,
      channel: row.channel as OutboxEntry['channel'],
      address: row.address,
      locale: row.locale,
      status: row.status as OutboxStatus,
      attempts: Number(row.attempts),
      notBefore: new Date(row.notBefore),
      lastError: row.lastError,
      createdAt: new Date(row.createdAt),
      sentAt: row.sentAt === null ? null : new Date(row.sentAt),
    };
  }

  function values(entry: NewOutboxEntry, at: Date): (string | number | null)[] {
    return [newRowId(), entry.key, entry.reminder, entry.purpose, entry.detail, entry.caseRef, entry.kind, entry.occurrence, entry.step, entry.contactId, entry.channel, entry.address, entry.locale, entry.status, 0, iso(entry.notBefore), null, null, entry.lastError, iso(at), null];
  }

  return {
    async enqueue(entries, at) {
      // The unique reminder and key make a reminder already in the outbox (on any channel) a no-op.
      return entries.length ? db.raw.transaction((tx) => tx.insertMany('OutboxMessage', columns, entries.map((e) => values(e, at)), { ignoreConflicts: true })) : 0;
    },

    async enqueueFallback(entry, at) {
      // The key is unique: a fallback already written (a retried dispatch) is not written twice.
      const rows = await db.raw.rows<{ id: string }>(
        `INSERT INTO "OutboxMessage" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${placeholders}) ON CONFLICT (key) DO NOTHING RETURNING id`,
        values(entry, at),
      );
      return rows.length === 1;
    },

    async claim(instance, now, limit, leaseMs) {
      const due = `(status = 'pending' AND "notBefore" <= ?) OR (status = 'sending' AND "claimedUntil" < ?)`;
      const lease = [instance, iso(new Date(now.getTime() + leaseMs))];
      if (pg) {
        const rows = await db.raw.rows<{ id: string }>(
          `UPDATE "OutboxMessage" SET status = 'sending', "claimedBy" = ?, "claimedUntil" = ?
           WHERE id IN (SELECT id FROM "OutboxMessage" WHERE ${due} ORDER BY ${PRIORITY}, "notBefore", id LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING id`,
          [...lease, iso(now), iso(now), limit],
        );
        return byIds(rows.map((r) => r.id));
      }
      const ids = await db.raw.transaction(async (tx) => {
        const found = await tx.rows<{ id: string }>(`SELECT id FROM "OutboxMessage" WHERE ${due} ORDER BY ${PRIORITY}, "notBefore", id LIMIT ?`, [iso(now), iso(now), limit]);
        for (const { id } of found) await tx.run(`UPDATE "OutboxMessage" SET status = 'sending', "claimedBy" = ?, "claimedUntil" = ? WHERE id = ?`, [...lease, id]);
        return found.map((r) => r.id);
      });
      return byIds(ids);
    },

    async finish(id, instance, outcome, at) {
      const rows = await db.raw.rows<{ id: string }>(
        `UPDATE "OutboxMessage" SET status = ?, "lastError" = ?, attempts = attempts + ?, "sentAt" = ?, "providerRef" = ?, "claimedBy" = NULL, "claimedUntil" = NULL
         WHERE id = ? AND "claimedBy" = ? RETURNING id`,
        [outcome.status, outcome.error ?? null, outcome.attempted ? 1 : 0, outcome.status === 'sent' ? iso(at) : null, outcome.providerRef ?? null, id, instance],
      );
      return rows.length === 1;
    },

    async postpone(id, instance, notBefore, reason, attempted) {
      const rows = await db.raw.rows<{ id: string }>(
        `UPDATE "OutboxMessage" SET status = 'pending', "notBefore" = ?, "lastError" = COALESCE(?, "lastError"), attempts = attempts + ?, "claimedBy" = NULL, "claimedUntil" = NULL
         WHERE id = ? AND "claimedBy" = ? RETURNING id`,
        [iso(notBefore), reason, attempted ? 1 : 0, id, instance],
      );
      return rows.length === 1;
    },

    async release(ids, instance) {
      if (!ids.length) return 0;
      const rows = await db.raw.rows<{ id: string }>(
        `UPDATE "OutboxMessage" SET status = 'pending', "claimedBy" = NULL, "claimedUntil" = NULL WHERE "claimedBy" = ? AND status = 'sending' AND id ${inJsonList(db.kind)} RETURNING id`,
        [instance, JSON.stringify(ids)],
      );
      return rows.length;
    },

    async renew(ids, instance, until) {
      if (!ids.length) return new Set();
      const rows = await db.raw.rows<{ id: string }>(
        `UPDATE "OutboxMessage" SET "claimedUntil" = ? WHERE "claimedBy" = ? AND status = 'sending' AND id ${inJsonList(db.kind)} RETURNING id`,
        [iso(until), instance, JSON.stringify(ids)],
      );
      return new Set(rows.map((r) => r.id));
    },

    async channelsOf(reminders) {
      const result = new Map<string, string[]>();
      if (!reminders.length) return result;
      const rows = await db.raw.rows<{ reminder: string; channel: string }>(`SELECT reminder, channel FROM "OutboxMessage" WHERE reminder ${inJsonList(db.kind)}`, [JSON.stringify(reminders)]);
      for (const r of rows) result.set(r.reminder, [...(result.get(r.reminder) ?? []), r.channel]);
      return result;
    },

    async list(filter) {
      const where: string[] = [];
      const params: (string | number)[] = [];
      if (filter.status) {
        where.push('status = ?');
        params.push(filter.status);
      }
      if (filter.caseRef) {
        where.push('"caseRef" = ?');
        params.push(filter.caseRef);
      }
      const order = filter.latestAttemptFirst ? '"notBefore" DESC, id DESC' : filter.newestFirst ? '"createdAt" DESC, key DESC' : '"createdAt", key';
      const rows = await db.raw.rows<Row>(`${select}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ? OFFSET ?`, [...params, filter.limit ?? 1000, filter.offset ?? 0]);
      return rows.map(toEntry);
    },

    async recipientsOf(caseRefs) {
      const result = new Map<string, Recipient[]>();
      if (!caseRefs.length) return result;
      const contacts = await db.raw.rows<{ ref: string; contactId: string; name: string; email: string; locale: string; province: string | null }>(
        `SELECT c.ref, k.id AS "contactId", k.name, k.email, k.locale, o.province FROM "Case" c JOIN "Organization" o ON o.id = c."organizationId"
         JOIN "CaseContact" cc ON cc."caseId" = c.id JOIN "Contact" k ON k.id = cc."contactId" WHERE c.ref ${inJsonList(db.kind)} ORDER BY c.ref, k.email`,
        [JSON.stringify(caseRefs)],
      );
      const ids = [...new Set(contacts.map((c) => c.contactId))];
      const chats = ids.length
        ? await db.raw.rows<{ contactId: string; chatId: string; status: string; locale: string | null }>(
            `SELECT b."contactId", b."chatId", b.status, s.locale FROM "ContactChat" b LEFT JOIN "ChatSetting" s ON s."chatId" = b."chatId" WHERE b."contactId" ${inJsonList(db.kind)} ORDER BY b."boundAt"`,
            [JSON.stringify(ids)],
          )
        : [];
      for (const c of contacts) {
        const list = result.get(c.ref) ?? [];
        list.push({
          contactId: c.contactId,
          province: c.province,
          name: c.name,
          email: c.email,
          locale: c.locale,
          chats: chats.filter((k) => k.contactId === c.contactId).map((k) => ({ chatId: k.chatId, status: k.status === 'blocked' ? 'blocked' : 'active', locale: k.locale })),
        });
        result.set(c.ref, list);
      }
      return result;
    },

    async retry(id, caseRef, at, audit) {
      // Only from failed, so that two members retrying at once put it back once; due at once, with a
      // full set of attempts again (the dispatcher gives up when they are used up).
      const moved = await db.raw.transaction(async (tx) => {
        const [before] = await tx.rows<{ attempts: number; lastError: string | null }>(`SELECT attempts, "lastError" FROM "OutboxMessage" WHERE id = ? AND "caseRef" = ? AND status = 'failed'`, [id, caseRef]);
        if (!before) return false;
        const rows = await tx.rows<{ id: string }>(
          `UPDATE "OutboxMessage" SET status = 'pending', attempts = 0, "notBefore" = ?, "claimedBy" = NULL, "claimedUntil" = NULL WHERE id = ? AND status = 'failed' RETURNING id`,
          [iso(at), id],
        );
        if (rows.length !== 1) return false;
        const details = { ...audit.details, attempts: Number(before.attempts), lastError: before.lastError };
        await tx.insertMany('AuditEntry', ['id', 'at', 'actor', 'action', 'subject', 'details'], [[newRowId(), iso(at), audit.actor, audit.action, audit.subject, JSON.stringify(details)]]);
        return true;
      });
      return moved ? ((await byIds([id]))[0] ?? null) : null;
    },

    async markChatBlocked(chatId, at) {
      await db.raw.run(`UPDATE "ContactChat" SET status = 'blocked', "updatedAt" = ? WHERE "chatId" = ?`, [iso(at), chatId]);
    },
  };

  async function byIds(ids: readonly string[]): Promise<OutboxEntry[]> {
    if (!ids.length) return [];
    const rows = await db.raw.rows<Row>(`${select} WHERE id IN (${ids.map(() => '?').join(', ')}) ORDER BY ${PRIORITY}, "notBefore", id`, [...ids]);
    return rows.map(toEntry);
  }
}
