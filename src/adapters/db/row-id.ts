// Row ids: UUIDs of version 7 (RFC 9562), whose leading bits are the time of creation. Rows created
// together get neighbouring ids, so a bulk insert appends to the primary-key index (and to every
// index that leads with a case id) instead of writing all over it: with random (version 4) ids an
// import of 100,000 cases spent most of its time on index pages missing from the cache.
import { randomFillSync } from 'node:crypto';

let lastMs = 0;
let sequence = 0;
// Random bytes drawn in blocks: one system call per id was a tenth of a large import's time.
const pool = Buffer.alloc(16 * 256);
let pooled = pool.length;

export function newRowId(): string {
  if (pooled === pool.length) {
    randomFillSync(pool);
    pooled = 0;
  }
  const bytes = Buffer.from(pool.subarray(pooled, (pooled += 16)));
  let ms = Date.now();
  // Several ids a millisecond: a 12-bit sequence keeps them in order; past 4,096, borrow the next millisecond.
  if (ms <= lastMs) {
    ms = lastMs;
    sequence++;
    if (sequence > 0xfff) {
      ms = ++lastMs;
      sequence = 0;
    }
  } else {
    sequence = 0;
  }
  lastMs = ms;
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
