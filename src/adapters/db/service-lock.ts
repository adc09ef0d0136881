// One service per SQLite file. Two services on one file contend for its write lock on every sweep and
// dispatch and fail with SQLITE_BUSY; the second one is refused at start-up instead. Commands may
// still run beside the service: they do not take this lock.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Sqlite from 'better-sqlite3';

export interface ServiceLock {
  release(): void;
}

/** The side file that holds the lock, next to the database. */
export function serviceLockFile(databaseFile: string): string {
  return `${databaseFile}.service-lock`;
}

/**
 * Takes the service lock of a SQLite database file for as long as this process runs, or returns null
 * when another process holds it. The lock is an exclusive transaction on a small side file: the
 * operating system drops it when its process ends, even by SIGKILL, so it is never left stale.
 */
export function claimSqliteService(databaseFile: string): ServiceLock | null {
  const file = serviceLockFile(databaseFile);
  mkdirSync(dirname(file), { recursive: true });
  const lock = new Sqlite(file, { timeout: 0 });
  try {
    lock.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    lock.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return null;
    throw error;
  }
  // Held from here: a connection that is garbage-collected closes, and its lock goes with it.
  held.add(lock);
  return {
    release: () => {
      held.delete(lock);
      lock.close();
    },
  };
}

const held = new Set<Sqlite.Database>();
