// Which cases hold a certificate whose expiry has passed (docs/rules.md, "Expiry without renewal"): the
// daily sweep records their lapse. Read from the certificate rows by expiry; the use case checks each
// case's own state, since a renewed case keeps its old certificate's row.
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
          WHERE t."expiresOn" < ? AND t.status NOT IN (?, ?, ?) ORDER BY c.ref`,
        [day, ...ENDED],
      );
      return rows.map((r) => r.ref);
    },
  };
}
