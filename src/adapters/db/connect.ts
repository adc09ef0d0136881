// Opens the application's database through Prisma's Rust-free client and a driver adapter.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import BetterSqlite3 from 'better-sqlite3';
import { parseDatabaseUrl, type DatabaseKind } from './database-url.js';
import type { PrismaClient } from './generated/sqlite/client.js';
import { postgresSql, prismaSql, SQLITE_BUSY_TIMEOUT_MS } from './raw-sql.js';
import { createWriteGate, gatedAdapter, sqliteBulkTransaction } from './sqlite-writer.js';
import { createCheckpointer } from './sqlite-checkpointer.js';
import { lazyPrisma } from './lazy-prisma.js';
import type { Param, RawSql } from './raw-sql.js';
import { errorMessage } from '../../app/errors.js';

export { SQLITE_BUSY_TIMEOUT_MS };
export type { Param, RawSql };

/**
 * `IN` over a list of any length passed as one JSON parameter (JSON.stringify the array): thousands
 * of bound parameters cost more than the query.
 */
export function inJsonList(kind: DatabaseKind): string {
  return kind === 'postgres' ? 'IN (SELECT json_array_elements_text(CAST(? AS json)))' : 'IN (SELECT value FROM json_each(?))';
}

/** Reads a large result in pages from one query, without holding it all. */
export type StreamRows = <T>(sql: string, params: readonly Param[], pageSize: number) => AsyncIterable<T[]>;

export interface Database {
  kind: DatabaseKind;
  /**
   * Typed as the SQLite client: both clients are generated from the same models, so their APIs are
   * identical, and repositories are written once for both databases.
   */
  prisma: PrismaClient;
  /**
   * The driver itself, for bulk work on hot paths (a plan reads every obligation; a refresh rewrites
   * them all). Prisma's query engine costs ~60 MB and decodes rows several times slower; a process
   * that only plans never loads it.
   */
  raw: RawSql & {
    stream: StreamRows;
    /**
     * A write transaction holding the database's write lock (SQLite) or a lock taken by `lockSql`
     * (PostgreSQL). `bulk`: a write that may run for minutes (an import of a whole register), with
     * no time limit; on SQLite it runs on a connection of its own, straight on the driver.
     */
    transaction<T>(work: (tx: RawSql) => Promise<T>, lockSql?: string, options?: { readonly bulk?: boolean }): Promise<T>;
  };
  /**
   * Loads Prisma's query planner, which its first query otherwise does (half a second of the thread):
   * a long-running process calls it before taking work, a command never needs it.
   */
  warm(): Promise<void>;
  close(): Promise<void>;
}



const SQLITE_TRANSACTION = { maxWait: 60_000, timeout: 300_000 };

export async function openDatabase(url: string): Promise<Database> {
  const target = parseDatabaseUrl(url);

  // Only the driver and the Prisma client of the database in use are loaded (each costs start-up time).
  if (target.kind === 'postgres') {
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ connectionString: target.url, max: 2 });
    // An idle connection the server drops (a restart, a terminated backend) is replaced at its next
    // use; without a listener, pg would raise it as an uncaught error and stop the process.
    pool.on('error', () => undefined);
    try {
      // The pool connects lazily; a wrong URL should fail here, at start-up, rather than at the first use.
      await pool.query('SELECT 1');
    } catch (error) {
      await pool.end();
      const reason = errorMessage(error);
      throw new Error(`Cannot connect to PostgreSQL database "${target.database}" on ${target.host}:${target.port}: ${reason}`, {
        cause: error,
      });
    }
    const lazy = lazyPrisma(async () => {
      const [{ PrismaPg }, { PrismaClient: PostgresPrismaClient }] = await Promise.all([import('@prisma/adapter-pg'), import('./generated/postgres/client.js')]);
      return new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: target.url }) }) as unknown as PrismaClient;
    });
    const prisma = lazy.client;
    return {
      kind: 'postgres',
      prisma,
      raw: {
        ...postgresSql(pool),
        // A server-side cursor in a read-only transaction: one query, one sort, fetched a page at a time.
        stream: async function* <T>(sql: string, params: readonly Param[], pageSize: number) {
          const client = await pool.connect();
          let n = 0;
          try {
            await client.query('BEGIN READ ONLY');
            await client.query(`DECLARE certbell_stream NO SCROLL CURSOR FOR ${sql.replace(/\?/g, () => `$${++n}`)}`, [...params]);
            for (;;) {
              const { rows } = await client.query(`FETCH ${Math.floor(pageSize)} FROM certbell_stream`);
              if (rows.length) yield rows as T[];
              if (rows.length < pageSize) break;
            }
            await client.query('COMMIT');
          } finally {
            await client.query('ROLLBACK').catch(() => undefined);
            client.release();
          }
        },
        transaction: async (work, lockSql) => {
          const client = await pool.connect();
          try {
            await client.query('BEGIN');
            if (lockSql) await client.query(lockSql);
            const result = await work(postgresSql(client));
            await client.query('COMMIT');
            return result;
          } catch (error) {
            await client.query('ROLLBACK').catch(() => undefined);
            throw error;
          } finally {
            client.release();
          }
        },
      },
      warm: () => warm(prisma),
      close: async () => {
        await (await lazy.loaded())?.$disconnect();
        await pool.end();
      },
    };
  }

  // better-sqlite3 creates the file but not its folder.
  mkdirSync(dirname(target.file), { recursive: true });
  const setup = new BetterSqlite3(target.file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  try {
    // WAL lets readers in other processes carry on while one process writes. The mode is stored in
    // the file, so setting it once is enough; a file system without shared memory refuses it.
    const mode = setup.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new Error(`SQLite refused WAL journal mode for ${target.file} (it reports "${String(mode)}").`);
  } finally {
    setup.close();
  }
  const checkpointer = createCheckpointer(target.file);
  const gate = createWriteGate(() => checkpointer.start());
  const lazy = lazyPrisma(async () => {
    const [{ PrismaBetterSqlite3 }, { PrismaClient }] = await Promise.all([import('@prisma/adapter-better-sqlite3'), import('./generated/sqlite/client.js')]);
    // `timeout` is better-sqlite3's busy timeout; it is set on every connection the adapter opens.
    return new PrismaClient({ adapter: gatedAdapter(new PrismaBetterSqlite3({ url: target.file, timeout: SQLITE_BUSY_TIMEOUT_MS }), gate) });
  });
  const prisma = lazy.client;
  // One writer at a time per process (sqlite-writer.ts): every write goes through Prisma's connection,
  // or a bulk transaction's own, behind the process's write gate. Reads use a read-only connection
  // of their own: in WAL mode they never wait for a writer.
  let reader: BetterSqlite3.Database | null = null;
  const read = () => (reader ??= new BetterSqlite3(target.file, { readonly: true, timeout: SQLITE_BUSY_TIMEOUT_MS }));
  const writes = prismaSql({
    $queryRawUnsafe: (sql, ...params) => prisma.$transaction((tx) => tx.$queryRawUnsafe(sql, ...params), SQLITE_TRANSACTION),
    $executeRawUnsafe: (sql, ...params) => prisma.$transaction((tx) => tx.$executeRawUnsafe(sql, ...params), SQLITE_TRANSACTION),
  } as Pick<PrismaClient, '$queryRawUnsafe' | '$executeRawUnsafe'>);
  return {
    kind: 'sqlite',
    prisma,
    raw: {
      ...writes,
      rows: async <T>(sql: string, params: readonly Param[] = []) =>
        /^\s*SELECT\b/i.test(sql) ? (read().prepare(sql).all(...params) as T[]) : writes.rows<T>(sql, params),
      // Its own read-only connection: a statement being iterated keeps its connection busy.
      stream: async function* <T>(query: string, params: readonly Param[], pageSize: number) {
        const streamer = new BetterSqlite3(target.file, { readonly: true, timeout: SQLITE_BUSY_TIMEOUT_MS });
        try {
          let page: T[] = [];
          for (const row of streamer.prepare(query).iterate(...params)) {
            page.push(row as T);
            if (page.length >= pageSize) {
              yield page;
              page = [];
              // better-sqlite3 reads synchronously: between pages, timers and I/O get their turn (a
              // catch-up sweep over 100,000 cases must not hold up the dispatcher's schedule).
              await nextTurn();
            }
          }
          if (page.length) yield page;
        } finally {
          streamer.close();
        }
      },
      // Reads inside the transaction go through it too, so that they see its own writes.
      transaction: <T>(work: (tx: RawSql) => Promise<T>, _lockSql?: string, options?: { readonly bulk?: boolean }) =>
        options?.bulk ? sqliteBulkTransaction(target.file, gate, work) : prisma.$transaction((tx) => work(prismaSql(tx)), SQLITE_TRANSACTION),
    },
    warm: () => warm(prisma),
    close: async () => {
      await checkpointer.stop();
      // The read-only connection first: the last connection to close folds the write-ahead log into
      // the file and removes it, which a read-only one cannot do (a 500 MB log outlived an import).
      reader?.close();
      await (await lazy.loaded())?.$disconnect();
    },
  };
}

async function warm(prisma: PrismaClient): Promise<void> {
  await prisma.planningState.findFirst({ select: { id: true } });
}
