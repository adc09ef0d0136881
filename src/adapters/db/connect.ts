// Opens the application's database through Prisma's Rust-free client and a driver adapter.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
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
    const prisma = new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: target.url }) });
    try {
      // The pool connects lazily; a wrong URL should fail here, at start-up, rather than at the first use.
      await prisma.$queryRawUnsafe('SELECT 1');
    } catch (error) {
      await prisma.$disconnect();
      const message = error instanceof Error ? error.message : String(error);
      // Prisma frames the driver's message in several lines about the invocation; keep the driver's words.
      const reason = /Message: `([^`]*)`/.exec(message)?.[1] ?? message.trim();
      throw new Error(`Cannot connect to PostgreSQL database "${target.database}" on ${target.host}:${target.port}: ${reason}`, {
        cause: error,
      });
    }
    return { kind: 'postgres', prisma: prisma as unknown as PrismaClient, close: () => prisma.$disconnect() };
  }

  // better-sqlite3 creates the file but not its folder.
  mkdirSync(dirname(target.file), { recursive: true });
  // `timeout` is better-sqlite3's busy timeout; it is set on every connection the adapter opens.
  const prisma = new PrismaClient({
    adapter: new PrismaBetterSqlite3({ url: target.file, timeout: SQLITE_BUSY_TIMEOUT_MS }),
  });
  try {
    // WAL lets readers in other processes carry on while one process writes. The mode is stored in
    // the file, so setting it once is enough; a file system without shared memory refuses it.
    const [mode] = await prisma.$queryRawUnsafe<{ journal_mode: string }[]>('PRAGMA journal_mode = WAL');
    if (mode?.journal_mode !== 'wal') {
      throw new Error(`SQLite refused WAL journal mode for ${target.file} (it reports "${mode?.journal_mode}").`);
    }
    // better-sqlite3 enables foreign keys by default; say so explicitly rather than depend on a build flag.
    await prisma.$executeRawUnsafe('PRAGMA foreign_keys = ON');
  } catch (error) {
    await prisma.$disconnect();
    throw error;
  }
  return { kind: 'sqlite', prisma, close: () => prisma.$disconnect() };
}
