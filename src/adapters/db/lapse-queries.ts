// Which cases hold a certificate whose expiry has passed (docs/rules.md, "Expiry without renewal"): the
// daily sweep records their lapse. Read from the certificate rows by expiry, each case's latest
// certificate only (a renewed case keeps its old certificate's row); the use case checks each case's
// own state before recording anything.
import type { LapseFinder } from '../../app/expire-certificates.js';
import type { IsoDate } from '../../domain/calendar/calendar-date.js';
import type { Database } from './connect.js';

/** Certificate statuses that can no longer lapse (set by each scheme's certificateStatus). */
const ENDED = ['expired', 'revoked', 'cancelled'];

export function createLapseFinder(db: Database): LapseFinder {
  return {
    async lapsedBefore(day: IsoDate): Promise<string[]> {
      const rows = await db.raw.rows<{ ref: string }>(
        `SELECT DISTINCT c.ref AS ref FROM "Certificate" t JOIN "Case" c ON c.id = t."caseId"
          WHERE t."expiresOn" < ? AND t.status NOT IN (?, ?, ?)
            AND NOT EXISTS (SELECT 1 FROM "Certificate" n WHERE n."caseId" = t."caseId" AND n."issuedOn" > t."issuedOn")
          ORDER BY c.ref`,
        [day, ...ENDED],
      );
      return rows.map((r) => r.ref);
    },
  };
}
