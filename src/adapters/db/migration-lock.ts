// One deploy at a time per database: an advisory lock on PostgreSQL, a side file's lock on SQLite.
import Sqlite from 'better-sqlite3';
import { describeDatabase } from './migration-failure.js';
import { errorMessage } from '../../app/errors.js';
import type { DatabaseUrl, PostgresDatabaseUrl } from './database-url.js';

/** Arbitrary, but distinct from the key Prisma's engine locks on its own connection (72707369). */
const POSTGRES_LOCK_KEY = 4_127_055_301;
const SQLITE_LOCK_WAIT_MS = 120_000;
const SQLITE_LOCK_POLL_MS = 50;

export async function withMigrationLock<T>(target: DatabaseUrl, run: () => Promise<T>): Promise<T> {
  return target.kind === 'postgres' ? withAdvisoryLock(target, run) : withSqliteLock(target.file, run);
}

/**
 * A session-level advisory lock on a connection of its own: PostgreSQL releases it if the process
 * dies. (The engine's own lock is taken through a pool, so it does not reliably cover the whole deploy.)
 */
async function withAdvisoryLock<T>(target: PostgresDatabaseUrl, run: () => Promise<T>): Promise<T> {
  // Loaded only for PostgreSQL: a SQLite command need not pay for the driver.
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: target.url });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`Cannot connect to ${describeDatabase(target)}: ${errorMessage(error)}`, { cause: error });
  }
  try {
    // Without a listener, a connection dropped while the deploy runs would crash the process.
    client.on('error', () => undefined);
    await client.query('SELECT pg_advisory_lock($1)', [POSTGRES_LOCK_KEY]);
    try {
      return await run();
    } finally {
      // Best effort: the lock ends with the session anyway, and must not hide the deploy's outcome.
      await client.query('SELECT pg_advisory_unlock($1)', [POSTGRES_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * An exclusive transaction on a small side file next to the database. The engine's own SQLite lock is
 * taken after it has read, so two deploys could both start and one fail with "database is locked".
 * SQLite's file locks vanish with a crashed process, so a lock is never left stale. Waiting polls
 * without blocking the event loop, which also serialises callers within one process.
 */
async function withSqliteLock<T>(file: string, run: () => Promise<T>): Promise<T> {
  const lock = new Sqlite(`${file}.migrate-lock`, { timeout: 0 });
  try {
    const deadline = Date.now() + SQLITE_LOCK_WAIT_MS;
    for (;;) {
      try {
        lock.exec('BEGIN EXCLUSIVE');
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
        if (Date.now() > deadline) {
          throw new Error(`Another process has been migrating ${file} for over ${SQLITE_LOCK_WAIT_MS / 1000} s.`);
        }
        await new Promise((resolve) => setTimeout(resolve, SQLITE_LOCK_POLL_MS));
      }
    }
    return await run();
  } finally {
    lock.close(); // ends the transaction and releases the lock
  }
}
