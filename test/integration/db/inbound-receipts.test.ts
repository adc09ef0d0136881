import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInboundReceipts } from '../../../src/adapters/db/inbound-receipts.js';
import { createTestDatabase, type TestDatabase } from '../../support/databases.js';

describe.each(['sqlite', 'postgres'] as const)('inbound receipts on %s', (kind) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
  });
  afterAll(() => test.drop());

  it('says "first time" once per source and id, whatever the number of deliveries', async () => {
    const receipts = createInboundReceipts(test.db);
    const at = new Date('2026-11-21T01:00:00Z');
    expect(await receipts.firstTime('telegram', '1001', at)).toBe(true);
    expect(await receipts.firstTime('telegram', '1001', at)).toBe(false);
    // The same id from another source is another thing.
    expect(await receipts.firstTime('slack', '1001', at)).toBe(true);
    const racing = await Promise.all([1, 2, 3].map(() => receipts.firstTime('slack', 'Ev-race', at)));
    expect(racing.filter(Boolean)).toHaveLength(1);
  });

  it('prunes only receipts older than the cut-off, after which an id counts as new again', async () => {
    const receipts = createInboundReceipts(test.db);
    await receipts.firstTime('telegram', 'old', new Date('2026-11-01T00:00:00Z'));
    await receipts.firstTime('telegram', 'new', new Date('2026-11-20T00:00:00Z'));
    expect(await receipts.prune(new Date('2026-11-10T00:00:00Z'))).toBe(1);
    expect(await receipts.firstTime('telegram', 'new', new Date('2026-11-21T00:00:00Z'))).toBe(false);
    expect(await receipts.firstTime('telegram', 'old', new Date('2026-11-21T00:00:00Z'))).toBe(true);
  });
});
