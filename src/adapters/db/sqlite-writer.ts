// One SQLite writer at a time in a process, taken in turn without blocking the event loop.
//
// better-sqlite3 waits for another connection's write lock by blocking the whole thread (its busy
// timeout). Two writing connections in one process can therefore freeze each other: the bulk
// connection of an import or of the daily lapses holds the lock across an await while a Prisma write
// blocks the thread waiting for it, and neither can go on until the busy timeout fails one of them.
// At start-up over a whole register this froze the service for tens of seconds. So every write in
// the process (Prisma's transactions and bare write statements, and the bulk transactions) first
// takes the process's write gate, which is a promise queue; only other processes are waited for by
// the driver, and the bulk transaction waits for them in short asynchronous retries. The commits
// leave the write-ahead log's checkpoints to a thread of their own (sqlite-checkpointer.ts).
import { setImmediate as nextTurn } from 'node:timers/promises';
import BetterSqlite3 from 'better-sqlite3';
import type { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import type { PrismaClient } from './generated/sqlite/client.js';
import { prismaSql, SQLITE_BUSY_TIMEOUT_MS } from './raw-sql.js';
import { NO_AUTOCHECKPOINT } from './sqlite-checkpointer.js';
import type { Param, RawSql } from './raw-sql.js';

export interface WriteGate {
  /** Resolves when the caller holds the gate; the function it returns releases it (once). */
  acquire(): Promise<() => void>;
}

/** `onWrite`: told at each acquisition (the first write starts the checkpointer). */
export function createWriteGate(onWrite: () => void = () => undefined): WriteGate {
  let tail: Promise<void> = Promise.resolve();
  return {
    async acquire() {
      onWrite();
      const previous = tail;
      let open!: () => void;
      tail = new Promise<void>((resolve) => (open = resolve));
      await previous;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        open();
      };
    },
  };
}

type Adapter = Awaited<ReturnType<PrismaBetterSqlite3['connect']>>;
type Transaction = Awaited<ReturnType<Adapter['startTransaction']>>;

const READS = /^\s*(SELECT|WITH|PRAGMA)\b/i;

/**
 * Prisma's SQLite adapter behind the gate: a transaction holds it from BEGIN to COMMIT or ROLLBACK,
 * a bare write statement for its own run. Reads go straight through (WAL readers never wait).
 */
export function gatedAdapter(factory: PrismaBetterSqlite3, gate: WriteGate): PrismaBetterSqlite3 {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    await adapter.executeScript(`PRAGMA ${NO_AUTOCHECKPOINT}`);
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => {
      const release = await gate.acquire();
      let tx: Transaction;
      try {
        tx = await startTransaction(isolationLevel);
      } catch (error) {
        release();
        throw error;
      }
      const commit = tx.commit.bind(tx);
      const rollback = tx.rollback.bind(tx);
      tx.commit = () => commit().finally(release);
      tx.rollback = () => rollback().finally(release);
      return tx;
    };
    for (const method of ['queryRaw', 'executeRaw'] as const) {
      const run = adapter[method].bind(adapter) as (query: { sql: string }) => Promise<unknown>;
      (adapter as unknown as Record<string, unknown>)[method] = async (query: { sql: string }) => {
        if (READS.test(query.sql)) return run(query);
        const release = await gate.acquire();
        try {
          return await run(query);
        } finally {
          release();
        }
      };
    }
    return adapter;
  };
  return factory;
}

/** How long a bulk transaction runs before letting timers and I/O have a turn. */
const YIELD_AFTER_MS = 50;
/** Pause between attempts at another process's write lock. */
const LOCK_RETRY_MS = 25;

/**
 * A bulk write on a SQLite connection of its own, straight on the driver: Prisma's interactive
 * transactions have a time limit, and pass every statement and its megabytes of JSON through its
 * query engine. It holds the process's write gate throughout, takes the file's write lock with
 * BEGIN IMMEDIATE (waiting for another process in asynchronous retries, up to the busy timeout), and
 * yields between statements every 50 ms so that a long import or lapse run does not stall the
 * service; the gate keeps the process's other writers waiting meanwhile.
 */
export async function sqliteBulkTransaction<T>(file: string, gate: WriteGate, work: (tx: RawSql) => Promise<T>): Promise<T> {
  const release = await gate.acquire();
  const connection = new BetterSqlite3(file, { timeout: 0 });
  let ranSince = performance.now();
  const turn = async () => {
    if (performance.now() - ranSince < YIELD_AFTER_MS) return;
    await nextTurn();
    ranSince = performance.now();
  };
  const tx = prismaSql({
    $queryRawUnsafe: async (sql: string, ...params: Param[]) => {
      await turn();
      const statement = connection.prepare(sql);
      if (statement.reader) return statement.all(...params);
      statement.run(...params);
      return [];
    },
    $executeRawUnsafe: async (sql: string, ...params: Param[]) => {
      await turn();
      return connection.prepare(sql).run(...params).changes;
    },
  } as unknown as Pick<PrismaClient, '$queryRawUnsafe' | '$executeRawUnsafe'>);
  try {
    connection.pragma(NO_AUTOCHECKPOINT);
    await beginImmediate(connection);
    // Holding the write lock, statements wait for nothing; a checkpoint by a reader may still be brief.
    connection.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    ranSince = performance.now();
    const result = await work(tx);
    connection.exec('COMMIT');
    return result;
  } catch (error) {
    if (connection.inTransaction) connection.exec('ROLLBACK');
    throw error;
  } finally {
    connection.close();
    release();
  }
}

async function beginImmediate(connection: BetterSqlite3.Database): Promise<void> {
  const giveUpAt = performance.now() + SQLITE_BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      connection.exec('BEGIN IMMEDIATE');
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || performance.now() >= giveUpAt) throw error;
      await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
    }
  }
}
