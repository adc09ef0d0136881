// Remembers which inbound updates and requests were handled (a Telegram update_id, a Slack request),
// so that a replay or a provider's retry is processed once, whichever instance receives it.
import type { Database } from './connect.js';

export type InboundSource = 'telegram' | 'slack';

export interface InboundReceipts {
  /** True the first time (source, externalId) is seen, false for every later delivery of it. */
  firstTime(source: InboundSource, externalId: string, at: Date): Promise<boolean>;
  /** Forgets receipts older than `before` (providers stop retrying long before); returns how many. */
  prune(before: Date): Promise<number>;
}

export function createInboundReceipts(db: Database): InboundReceipts {
  const timestamp = db.kind === 'postgres' ? 'CAST(? AS timestamp(3))' : '?';
  return {
    async firstTime(source, externalId, at) {
      const rows = await db.raw.rows<{ source: string }>(
        `INSERT INTO "InboundReceipt" (source, "externalId", "receivedAt") VALUES (?, ?, ${timestamp}) ON CONFLICT (source, "externalId") DO NOTHING RETURNING source`,
        [source, externalId, at.toISOString()],
      );
      return rows.length === 1;
    },
    async prune(before) {
      const rows = await db.raw.rows<{ source: string }>(`DELETE FROM "InboundReceipt" WHERE "receivedAt" < ${timestamp} RETURNING source`, [before.toISOString()]);
      return rows.length;
    },
  };
}
