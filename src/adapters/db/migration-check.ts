// Whether a database has applied a whole migration history, asked with one plain query: the wasm
// schema engine costs about a second to load, and almost every start finds nothing to do.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import Sqlite from 'better-sqlite3';
import { parseDatabaseUrl, type DatabaseUrl } from './database-url.js';
import { defaultMigrationsDir, readMigrations } from './migration-files.js';
import type { MigrationList } from './schema-engine.js';

interface AppliedRow {
  readonly migration_name: string;
  readonly checksum: string;
  readonly finished_at: unknown;
}

const APPLIED = 'SELECT migration_name, checksum, finished_at FROM _prisma_migrations WHERE rolled_back_at IS NULL';

async function recordedMigrations(target: DatabaseUrl): Promise<AppliedRow[] | null> {
  if (target.kind === 'sqlite') {
    // Asking a file that does not exist would create it.
    if (!existsSync(target.file)) return null;
    const db = new Sqlite(target.file, { readonly: true, fileMustExist: true, timeout: 5_000 });
    try {
      return db.prepare(APPLIED).all() as AppliedRow[];
    } catch (error) {
      if (/no such table/i.test(String((error as Error).message))) return null;
      throw error;
    } finally {
      db.close();
    }
  }
  // Loaded only for PostgreSQL: a SQLite command need not pay for the driver.
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  client.on('error', () => undefined);
  try {
    return (await client.query<AppliedRow>(APPLIED)).rows;
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') return null; // undefined_table
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * True when every migration of the history is recorded as finished with the checksum of its file,
 * and nothing else is on record (a failed, unfinished or unknown migration). Anything else, including
 * an unreadable database, is for the schema engine to diagnose: false.
 */
export async function historyIsApplied(target: DatabaseUrl, migrations: MigrationList): Promise<boolean> {
  let rows: AppliedRow[] | null;
  try {
    rows = await recordedMigrations(target);
  } catch {
    return false;
  }
  if (!rows) return false;
  const recorded = new Map(rows.map((row) => [row.migration_name, row]));
  if (recorded.size !== rows.length || rows.length !== migrations.migrationDirectories.length) return false;
  return migrations.migrationDirectories.every(({ path, migrationFile }) => {
    const row = recorded.get(path);
    if (!row || row.finished_at === null || migrationFile.content.tag !== 'ok') return false;
    return row.checksum === createHash('sha256').update(migrationFile.content.value).digest('hex');
  });
}

/**
 * Whether the database at `url` has applied this release's whole history: a start that finds it so
 * (almost every start) never loads the migrator, the schema engine or the other database's driver.
 */
export async function historyApplied(url: string): Promise<boolean> {
  const target = parseDatabaseUrl(url);
  return historyIsApplied(target, await readMigrations(defaultMigrationsDir(target.kind), target.kind));
}
