// Row ids are UUIDs of version 7: unique, in creation order (so that bulk inserts append to indexes),
// and valid UUIDs for PostgreSQL and every tool that reads them.
import { describe, expect, it } from 'vitest';
import { newRowId } from '../../../src/adapters/db/row-id.js';

describe('newRowId', () => {
  it('gives 20,000 distinct version-7 UUIDs, each greater than the one before, even many in one millisecond', () => {
    const ids = Array.from({ length: 20_000 }, newRowId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
  });

  it('carries the time of creation in its first 48 bits', () => {
    const before = Date.now();
    const id = newRowId();
    const ms = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    // Ids beyond 4,096 in one millisecond borrow the next one: a little ahead of the clock at most.
    expect(ms).toBeLessThanOrEqual(Date.now() + 50);
  });
});
