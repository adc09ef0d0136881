// Opens the application's database through Prisma's Rust-free client and a driver adapter.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { parseDatabaseUrl, type DatabaseKind } from './database-url.js';
import { PrismaClient } from './generated/sqlite/client.js';
import { PrismaClient as PostgresPrismaClient } from './generated/postgres/client.js';

export interface Database {
  kind: DatabaseKind;
  /**
   * Typed as the SQLite client: both clients are generated from the same models, so their APIs are
   * identical, and repositories are written once for both databases.
   */
  prisma: PrismaClient;
  /**
   * Plain SQL straight through the driver, for bulk reads on hot paths (planning reads every case).
   * Prisma's query engine costs ~60 MB and decodes rows several times slower; a process that only
   * plans never loads it. Placeholders are `?`, rewritten for PostgreSQL.
   */
  rows<T>(sql: string, params?: readonly (string | number)[]): Promise<T[]>;
  close(): Promise<void>;
}

/**
 * How long a SQLite connection waits for another connection's write lock before failing with
 * "database is locked". Two processes (the bot and a CLI command, say) may share one file.
 */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

export async function openDatabase(url: string): Promise<Database> {
  const target = parseDatabaseUrl(url);

  if (target.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: 2 });
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
      rows: async <T>(sql: string, params: readonly (string | number)[] = []) => {
        let n = 0;
        return (await pool.query(sql.replace(/\?/g, () => `$${++n}`), [...params])).rows as T[];
      },
      close: async () => {
        await prisma.$disconnect();
        await pool.end();
      },
    };
  }

  // better-sqlite3 creates the file but not its folder.
  mkdirSync(dirname(target.file), { recursive: true });
  const raw = new BetterSqlite3(target.file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  try {
    // WAL lets readers in other processes carry on while one process writes. The mode is stored in
    // the file, so setting it once is enough; a file system without shared memory refuses it.
    const mode = raw.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new Error(`SQLite refused WAL journal mode for ${target.file} (it reports "${String(mode)}").`);
  } catch (error) {
    raw.close();
    throw error;
  }
  // `timeout` is better-sqlite3's busy timeout; it is set on every connection the adapter opens.
  const prisma = new PrismaClient({
    adapter: new PrismaBetterSqlite3({ url: target.file, timeout: SQLITE_BUSY_TIMEOUT_MS }),
  });
  return {
    kind: 'sqlite',
    prisma,
    rows: async <T>(sql: string, params: readonly (string | number)[] = []) => raw.prepare(sql).all(...params) as T[],
    close: async () => {
      await prisma.$disconnect();
      raw.close();
    },
  };
}
