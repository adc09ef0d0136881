// Real databases for integration tests: a SQLite file in a temporary folder, or a uniquely named
// database on the local PostgreSQL server, so that test files running in parallel never meet.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../src/adapters/db/connect.js';
import { parseDatabaseUrl, type DatabaseKind } from '../../src/adapters/db/database-url.js';
import { createScratchDatabase } from '../../src/adapters/db/migration-adapters.js';
import { deployMigrations } from '../../src/adapters/db/migrator.js';

/** The PostgreSQL server (and a user allowed to CREATE DATABASE) that tests may use. */
export const TEST_PG_URL = process.env.TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface EmptyDatabase {
  url: string;
  /** Removes the database; close every connection to it first. */
  drop(): Promise<void>;
}

export interface TestDatabase extends EmptyDatabase {
  db: Database;
}

/** A database with no tables at all, for tests of the migrator itself. */
export async function createEmptyDatabase(kind: DatabaseKind): Promise<EmptyDatabase> {
  if (kind === 'sqlite') {
    const folder = await mkdtemp(join(tmpdir(), 'certbell-test-'));
    return { url: `file:${join(folder, 'certbell.db')}`, drop: () => rm(folder, { recursive: true, force: true }) };
  }
  const server = parseDatabaseUrl(TEST_PG_URL);
  if (server.kind !== 'postgres') throw new Error(`TEST_PG_URL must be a PostgreSQL URL, not ${TEST_PG_URL}`);
  const scratch = await createScratchDatabase(server, 'certbell_t');
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${scratch.name}`;
  // FORCE: a failed test may leave a connection open, which must not also fail the clean-up.
  return { url: url.toString(), drop: () => scratch.drop({ force: true }) };
}

/** A fresh database with every migration applied, opened. `drop()` closes and removes it. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  const empty = await createEmptyDatabase(kind);
  try {
    await deployMigrations(empty.url);
    const db = await openDatabase(empty.url);
    return {
      url: empty.url,
      db,
      drop: async () => {
        await db.close();
        await empty.drop();
      },
    };
  } catch (error) {
    await empty.drop();
    throw error;
  }
}

/**
 * A world's database: a fresh one, or with `join` the connections of a second instance to the first
 * one's database (as another process would have); `drop()` then only closes them.
 */
export async function worldDatabase(kind: DatabaseKind, join?: { readonly url: string }): Promise<TestDatabase> {
  if (!join) return createTestDatabase(kind);
  const db = await openDatabase(join.url);
  return { url: join.url, db, drop: db.close };
}
