// Which cases hold a certificate whose expiry has passed (docs/rules.md, "Expiry without renewal"): the
// daily sweep records their lapse. Read from the certificate rows by expiry, each case's latest
// certificate only (a renewed case keeps its old certificate's row); the use case checks each case's
// own state before recording anything.
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { LapseFinder } from '../../app/expire-certificates.js';
import type { IsoDate } from '../../domain/calendar/calendar-date.js';
import type { Database } from './connect.js';

/** Certificate statuses that can no longer lapse (set by each scheme's certificateStatus). */
const ENDED = ['expired', 'revoked', 'cancelled'];
const PAGE = 2_000;

export function createLapseFinder(db: Database): LapseFinder {
  return {
    async lapsedBefore(day: IsoDate): Promise<string[]> {
      // In pages along the refs' index, the event loop running between them: a service started on a
      // whole register finds tens of thousands at once, and one query for them all froze it for a second.
      const refs: string[] = [];
      for (;;) {
        const rows = await db.raw.rows<{ ref: string }>(
          `SELECT c.ref AS ref FROM "Case" c
            WHERE c.ref > ? AND EXISTS (SELECT 1 FROM "Certificate" t WHERE t."caseId" = c.id AND t."expiresOn" < ? AND t.status NOT IN (?, ?, ?)
              AND NOT EXISTS (SELECT 1 FROM "Certificate" n WHERE n."caseId" = t."caseId" AND n."issuedOn" > t."issuedOn"))
            ORDER BY c.ref LIMIT ?`,
          [refs.at(-1) ?? '', day, ...ENDED, PAGE],
        );
        refs.push(...rows.map((r) => r.ref));
        if (rows.length < PAGE) return refs;
        await nextTurn();
      }
    },
  };
}
