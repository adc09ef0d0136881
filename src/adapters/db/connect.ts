// Opens the application's database through Prisma's Rust-free client and a driver adapter.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';
import { parseDatabaseUrl, type DatabaseKind } from './database-url.js';
import type { PrismaClient } from './generated/sqlite/client.js';

type Param = string | number | null;

/** Plain SQL through the driver. Placeholders are `?` (rewritten for PostgreSQL). */
export interface RawSql {
  rows<T>(sql: string, params?: readonly Param[]): Promise<T[]>;
  run(sql: string, params?: readonly Param[]): Promise<void>;
  /**
   * Inserts many rows, each chunk as one JSON parameter that the database expands itself (binding
   * millions of parameters one by one was the slowest part of bulk writes). With `ignoreConflicts`,
   * rows that would break a unique constraint are skipped. Returns how many rows were inserted.
   */
  insertMany(table: string, columns: readonly string[], rows: readonly (readonly Param[])[], options?: { readonly ignoreConflicts?: boolean }): Promise<number>;
}

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
  close(): Promise<void>;
}

/**
 * How long a SQLite connection waits for another connection's write lock before failing with
 * "database is locked". Two processes (the bot and a CLI command, say) may share one file.
 */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

const quote = (name: string) => `"${name}"`;

function postgresSql(client: pg.Pool | pg.PoolClient): RawSql {
  const numbered = (sql: string) => {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  };
  return {
    rows: async <T>(sql: string, params: readonly Param[] = []) => (await client.query(numbered(sql), [...params])).rows as T[],
    run: async (sql, params = []) => {
      await client.query(numbered(sql), [...params]);
    },
    insertMany: async (table, columns, rows, options = {}) => {
      let inserted = 0;
      for (let i = 0; i < rows.length; i += BULK_CHUNK) {
        const chunk = rows.slice(i, i + BULK_CHUNK);
        const { shared, varying } = splitChunk(columns, chunk);
        const byName = (row: readonly Param[], ks: readonly number[]) => Object.fromEntries(ks.map((k) => [columns[k]!, row[k]]));
        // json_populate_record(set) types every column from the table itself; the shared values are
        // one record, joined to every row.
        const select = columns.map((c, k) => `${shared.has(k) ? 's' : 'r'}.${quote(c)}`);
        const result = await client.query(
          `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) SELECT ${select.join(', ')} FROM json_populate_recordset(NULL::${quote(table)}, $1::json) AS r CROSS JOIN json_populate_record(NULL::${quote(table)}, $2::json) AS s${options.ignoreConflicts ? ' ON CONFLICT DO NOTHING' : ''}`,
          [JSON.stringify(chunk.map((row) => byName(row, varying))), JSON.stringify(byName(chunk[0]!, [...shared.keys()]))],
        );
        inserted += result.rowCount ?? 0;
      }
      return inserted;
    },
  };
}

const BULK_CHUNK = 5_000;

function prismaSql(client: Pick<PrismaClient, '$queryRawUnsafe' | '$executeRawUnsafe'>): RawSql {
  return {
    rows: async <T>(sql: string, params: readonly Param[] = []) => client.$queryRawUnsafe<T[]>(sql, ...params),
    run: async (sql, params = []) => {
      await client.$executeRawUnsafe(sql, ...params);
    },
    insertMany: async (table, columns, rows, options = {}) => {
      let inserted = 0;
      for (let i = 0; i < rows.length; i += BULK_CHUNK) {
        const chunk = rows.slice(i, i + BULK_CHUNK);
        const { shared, varying } = splitChunk(columns, chunk);
        const select = columns.map((_, k) => (shared.has(k) ? '?' : `json_extract(value, '$[${varying.indexOf(k)}]')`));
        // WHERE true: SQLite needs it to read an upsert clause after INSERT … SELECT.
        inserted += await client.$executeRawUnsafe(
          `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) SELECT ${select.join(', ')} FROM json_each(?) WHERE true${options.ignoreConflicts ? ' ON CONFLICT DO NOTHING' : ''}`,
          ...[...shared.values()],
          JSON.stringify(chunk.map((row) => varying.map((k) => row[k]!))),
        );
      }
      return inserted;
    },
  };
}

/**
 * Splits a chunk's columns into those with one value on every row, passed once, and those that vary,
 * expanded from JSON row by row: that expansion is the cost of a bulk insert, and bulk rows such as a
 * sweep's reminders share most of their columns (purpose, status, times…).
 */
function splitChunk(columns: readonly string[], chunk: readonly (readonly Param[])[]): { shared: Map<number, Param>; varying: number[] } {
  const shared = new Map<number, Param>();
  const varying: number[] = [];
  columns.forEach((_, k) => {
    const first = chunk[0]![k]!;
    if (chunk.length > 1 && chunk.every((row) => row[k] === first)) shared.set(k, first);
    else varying.push(k);
  });
  return { shared, varying };
}

/** How long a SQLite writer queues behind others (a full recompute of 100,000 cases takes seconds). */
const SQLITE_TRANSACTION = { maxWait: 60_000, timeout: 300_000 };

export async function openDatabase(url: string): Promise<Database> {
  const target = parseDatabaseUrl(url);

  // Only the driver and the Prisma client of the database in use are loaded (each costs start-up time).
  if (target.kind === 'postgres') {
    const [{ default: pg }, { PrismaPg }, { PrismaClient: PostgresPrismaClient }] = await Promise.all([
      import('pg'),
      import('@prisma/adapter-pg'),
      import('./generated/postgres/client.js'),
    ]);
    const pool = new pg.Pool({ connectionString: target.url, max: 2 });
    // An idle connection the server drops (a restart, a terminated backend) is replaced at its next
    // use; without a listener, pg would raise it as an uncaught error and stop the process.
    pool.on('error', () => undefined);
    try {
      // The pool connects lazily; a wrong URL should fail here, at start-up, rather than at the first use.
      await pool.query('SELECT 1');
    } catch (error) {
      await pool.end();
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`Cannot connect to PostgreSQL database "${target.database}" on ${target.host}:${target.port}: ${reason}`, {
        cause: error,
      });
    }
    const prisma = new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: target.url }) });
    return {
      kind: 'postgres',
      prisma: prisma as unknown as PrismaClient,
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
      close: async () => {
        await prisma.$disconnect();
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
  const [{ PrismaBetterSqlite3 }, { PrismaClient }] = await Promise.all([import('@prisma/adapter-better-sqlite3'), import('./generated/sqlite/client.js')]);
  // `timeout` is better-sqlite3's busy timeout; it is set on every connection the adapter opens.
  const prisma = new PrismaClient({
    adapter: new PrismaBetterSqlite3({ url: target.file, timeout: SQLITE_BUSY_TIMEOUT_MS }),
  });
  // One writer per process. better-sqlite3 waits for a lock by blocking the whole thread, so two
  // writing connections in one process can deadlock each other (one holds the lock across an await
  // while the other blocks the event loop waiting for it). Every write therefore goes through
  // Prisma's connection, inside a Prisma transaction, which its adapter serialises. Reads use a
  // read-only connection of their own: in WAL mode they never wait for a writer.
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
              await new Promise<void>((resolve) => setImmediate(resolve));
            }
          }
          if (page.length) yield page;
        } finally {
          streamer.close();
        }
      },
      // Reads inside the transaction go through it too, so that they see its own writes.
      transaction: <T>(work: (tx: RawSql) => Promise<T>, _lockSql?: string, options?: { readonly bulk?: boolean }) =>
        options?.bulk ? sqliteBulkTransaction(target.file, work) : prisma.$transaction((tx) => work(prismaSql(tx)), SQLITE_TRANSACTION),
    },
    close: async () => {
      await prisma.$disconnect();
      reader?.close();
    },
  };
}

/**
 * A bulk write on a SQLite connection of its own, straight on the driver: Prisma's interactive
 * transactions have a time limit, and pass every statement and its megabytes of JSON through its
 * query engine. BEGIN IMMEDIATE takes the write lock at once, so the work never fails half-way for
 * want of it. While it runs, other writers wait (up to the busy timeout) as for any writer.
 */
async function sqliteBulkTransaction<T>(file: string, work: (tx: RawSql) => Promise<T>): Promise<T> {
  const connection = new BetterSqlite3(file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  const statement = (sql: string) => connection.prepare(sql);
  const tx = prismaSql({
    $queryRawUnsafe: async (sql: string, ...params: Param[]) => {
      const s = statement(sql);
      if (s.reader) return s.all(...params);
      s.run(...params);
      return [];
    },
    $executeRawUnsafe: async (sql: string, ...params: Param[]) => statement(sql).run(...params).changes,
  } as unknown as Pick<PrismaClient, '$queryRawUnsafe' | '$executeRawUnsafe'>);
  try {
    connection.exec('BEGIN IMMEDIATE');
    const result = await work(tx);
    connection.exec('COMMIT');
    return result;
  } catch (error) {
    if (connection.inTransaction) connection.exec('ROLLBACK');
    throw error;
  } finally {
    connection.close();
  }
}
