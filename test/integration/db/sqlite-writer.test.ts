// One SQLite writer at a time in a process, without freezing it: a bulk transaction (an import, the
// daily lapses) and Prisma's writes take turns through the process's write gate, and a bulk
// transaction waits for another process's lock in asynchronous retries. Before the gate, a Prisma
// write during a bulk transaction blocked the whole thread in the driver's busy wait until it failed
// with "database is locked"; a service started on a whole register froze for tens of seconds.
import { existsSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../../src/adapters/db/database-url.js';
import { createEmptyDatabase, type EmptyDatabase } from '../../support/databases.js';
import { openDatabase, type Database } from '../../../src/adapters/db/connect.js';

const later = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('SQLite writes in one process', () => {
  let empty: EmptyDatabase;
  let db: Database;
  let file: string;
  beforeEach(async () => {
    empty = await createEmptyDatabase('sqlite');
    db = await openDatabase(empty.url);
    const target = parseDatabaseUrl(empty.url);
    if (target.kind !== 'sqlite') throw new Error('expected SQLite');
    file = target.file;
    await db.raw.run('CREATE TABLE marks (n INTEGER NOT NULL)');
  });
  afterEach(async () => {
    await db.close();
    await empty.drop();
  });

  it('a Prisma write waits for a bulk transaction without holding up the event loop, then lands after it', async () => {
    let finishBulk!: () => void;
    const bulkMayFinish = new Promise<void>((resolve) => (finishBulk = resolve));
    const bulk = db.raw.transaction(
      async (tx) => {
        await tx.run('INSERT INTO marks (n) VALUES (1)');
        await bulkMayFinish;
        await tx.run('INSERT INTO marks (n) VALUES (2)');
      },
      undefined,
      { bulk: true },
    );
    await later(20);
    let written = false;
    const write = db.raw.run('INSERT INTO marks (n) VALUES (3)').then(() => (written = true));
    // A timer still fires while the write waits its turn: the thread is not stuck in the driver.
    await later(100);
    expect(written).toBe(false);
    finishBulk();
    await Promise.all([bulk, write]);
    expect((await db.raw.rows<{ n: number }>('SELECT n FROM marks ORDER BY rowid')).map((r) => r.n)).toEqual([1, 2, 3]);
  });

  it('a bulk transaction waits for another process holding the write lock, and the event loop runs meanwhile', async () => {
    const other = new BetterSqlite3(file);
    other.exec('BEGIN IMMEDIATE');
    other.exec('INSERT INTO marks (n) VALUES (10)');
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    // The other writer commits 300 ms later: only a free event loop can run this timer.
    setTimeout(() => other.exec('COMMIT'), 300);
    try {
      await db.raw.transaction(async (tx) => tx.run('INSERT INTO marks (n) VALUES (11)'), undefined, { bulk: true });
    } finally {
      clearInterval(ticker);
      other.close();
    }
    expect(ticks).toBeGreaterThan(5);
    expect((await db.raw.rows<{ n: number }>('SELECT n FROM marks ORDER BY rowid')).map((r) => r.n)).toEqual([10, 11]);
  });

  it('leaves no write-ahead log behind once closed, after reads and writes on every connection', async () => {
    await db.raw.transaction(async (tx) => tx.run('INSERT INTO marks (n) VALUES (1)'), undefined, { bulk: true });
    await db.raw.run('INSERT INTO marks (n) VALUES (2)');
    expect(await db.raw.rows<{ n: number }>('SELECT n FROM marks ORDER BY rowid')).toEqual([{ n: 1 }, { n: 2 }]);
    expect(existsSync(`${file}-wal`)).toBe(true);
    await db.close();
    // Everything is in the file itself: a copy of the file alone is a whole copy.
    expect(existsSync(`${file}-wal`)).toBe(false);
    db = await openDatabase(empty.url);
  });
});
