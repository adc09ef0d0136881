// `prisma migrate deploy | status | dev --create-only`, done by Prisma's own schema engine (wasm) so that
// no native engine has to be downloaded. The engine writes the SQL and keeps Prisma's
// `_prisma_migrations` table (with each file's sha256), so the stock CLI agrees wherever it can run.
// Each database kind has its own history: prisma/migrations/<kind>/<timestamp>_<name>/migration.sql.
import { existsSync, type Dirent } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { parseDatabaseUrl, type DatabaseKind, type DatabaseUrl, type PostgresDatabaseUrl } from './database-url.js';
import {
  createScratchDatabase,
  postgresMigrationAdapter,
  sqliteMigrationAdapter,
} from './migration-adapters.js';
import { historyIsApplied } from './migration-check.js';
import { SchemaEngineError, TIMEOUT, withSchemaEngine, type MigrationList, type SchemaEngine } from './schema-engine.js';

export interface MigratorOptions {
  /** The migration history; defaults to prisma/migrations/<kind>. */
  migrationsDir?: string;
  /** Receives the schema engine's log lines (JSON), which are otherwise dropped. */
  onLog?: (line: string) => void;
}

export interface SchemaChangeOptions extends MigratorOptions {
  /** The schema the history must produce; defaults to prisma/<kind>/schema.prisma. */
  schemaPath?: string;
  /**
   * PostgreSQL only: a server on which throw-away databases may be created and dropped to replay the
   * history (never the application's database). Defaults to DEFAULT_SCRATCH_SERVER_URL.
   */
  scratchServerUrl?: string;
}

export interface MigrationStatus {
  /** Migrations recorded as applied in the database, oldest first. */
  applied: string[];
  /** Migrations of the history that the database has not applied yet. */
  pending: string[];
  /** What needs a person: failed, edited or unknown migrations. Empty when deploying is safe. */
  problems: string[];
}

/** The local development server (trust authentication), as in the test set-up. */
export const DEFAULT_SCRATCH_SERVER_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));

export function defaultMigrationsDir(kind: DatabaseKind): string {
  return join(projectRoot, 'prisma', 'migrations', kind);
}

export function defaultSchemaPath(kind: DatabaseKind): string {
  return join(projectRoot, 'prisma', kind, 'schema.prisma');
}

const NO_FILTERS = { externalTables: [], externalEnums: [] };

/** Applies every pending migration, like `prisma migrate deploy`. Concurrent callers apply each migration once. */
export async function deployMigrations(url: string, options: MigratorOptions = {}): Promise<{ applied: string[] }> {
  const target = parseDatabaseUrl(url);
  const dir = options.migrationsDir ?? defaultMigrationsDir(target.kind);
  const migrations = await readMigrations(dir, target.kind);
  // The common case, without loading the schema engine or taking the lock.
  if (await historyIsApplied(target, migrations)) return { applied: [] };
  if (target.kind === 'sqlite') await mkdir(dirname(target.file), { recursive: true });

  return withMigrationLock(target, () =>
    withSchemaEngine({ adapter: migrationAdapter(target), onLog: options.onLog }, async (engine) => {
      try {
        if (await upToDate(engine, migrations)) return { applied: [] };
        const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList: migrations, filters: NO_FILTERS });
        return { applied: appliedMigrationNames };
      } catch (error) {
        throw await deployFailure(error, engine, target, migrations);
      }
    }),
  );
}

/**
 * Whether the database has applied the whole history. Asked first because the engine applies SQLite
 * migrations with exclusive access (locking_mode=EXCLUSIVE), which waits for every other connection
 * to the file to close, even when nothing is pending: without this check, a CLI command would fail
 * whenever the bot has the database open.
 */
async function upToDate(engine: SchemaEngine, migrations: MigrationList): Promise<boolean> {
  try {
    const diagnosis = await engine.diagnoseMigrationHistory({
      migrationsList: migrations,
      optInToShadowDatabase: false,
      filters: NO_FILTERS,
    });
    return diagnosis.hasMigrationsTable && diagnosis.history === null && diagnosis.failedMigrationNames.length === 0;
  } catch (error) {
    // Pitfall 3: on SQLite the engine reports a missing `_prisma_migrations` table as error P1014.
    if (error instanceof SchemaEngineError && error.code === 'P1014') return false;
    throw error;
  }
}

/** Compares the database with the history, like `prisma migrate status`; changes nothing. */
export async function migrationStatus(url: string, options: MigratorOptions = {}): Promise<MigrationStatus> {
  const target = parseDatabaseUrl(url);
  const dir = options.migrationsDir ?? defaultMigrationsDir(target.kind);
  const migrations = await readMigrations(dir, target.kind);
  const local = migrations.migrationDirectories.map((migration) => migration.path);
  const nothingApplied: MigrationStatus = { applied: [], pending: local, problems: [] };
  // Asking a SQLite file that does not exist yet would create it.
  if (target.kind === 'sqlite' && !existsSync(target.file)) return nothingApplied;

  return withSchemaEngine({ adapter: migrationAdapter(target), onLog: options.onLog }, async (engine) => {
    let diagnosis;
    try {
      diagnosis = await engine.diagnoseMigrationHistory({
        migrationsList: migrations,
        optInToShadowDatabase: false,
        filters: NO_FILTERS,
      });
    } catch (error) {
      // Pitfall 3: on SQLite the engine reports a missing `_prisma_migrations` table as error P1014.
      if (error instanceof SchemaEngineError && error.code === 'P1014') return nothingApplied;
      throw error;
    }
    if (!diagnosis.hasMigrationsTable) return nothingApplied;

    const problems: string[] = [];
    let pending: string[] = [];
    const history = diagnosis.history;
    if (history?.diagnostic === 'databaseIsBehind') pending = history.unappliedMigrationNames;
    if (history?.diagnostic === 'migrationsDirectoryIsBehind') {
      problems.push(`The database has applied migrations missing from ${dir}: ${history.unpersistedMigrationNames.join(', ')}.`);
    }
    if (history?.diagnostic === 'historiesDiverge') {
      pending = history.unappliedMigrationNames;
      problems.push(
        `The database and ${dir} diverge after ${history.lastCommonMigrationName ?? 'the first migration'}: ` +
          `the database has applied ${history.unpersistedMigrationNames.join(', ')}, which ${dir} does not have.`,
      );
    }
    for (const name of diagnosis.failedMigrationNames) {
      problems.push(`Migration ${name} is recorded as failed: ${HOW_TO_RESOLVE}`);
    }
    for (const name of diagnosis.editedMigrationNames) {
      // A failed migration's file is expected to change while it is being repaired.
      if (diagnosis.failedMigrationNames.includes(name)) continue;
      problems.push(`Migration ${name} was edited after it was applied (its checksum differs): restore the applied file.`);
    }
    return { applied: await appliedMigrations(target), pending, problems };
  }).catch((error: unknown) => {
    throw new Error(`Reading the migration status of ${describe(target)} failed: ${messageOf(error).trim()}`, { cause: error });
  });
}

/**
 * Writes a new migration that brings the history up to the schema, like
 * `prisma migrate dev --create-only --name <name>`. Returns its folder, or null when nothing changed.
 */
export async function createMigration(
  kind: DatabaseKind,
  name: string,
  options: SchemaChangeOptions = {},
): Promise<string | null> {
  if (!/^[A-Za-z0-9_]{1,100}$/.test(name)) {
    throw new Error(`Invalid migration name "${name}": use letters, digits and underscores only (e.g. add_case_notes).`);
  }
  const dir = options.migrationsDir ?? defaultMigrationsDir(kind);
  const draft = await draftMigration(kind, name, dir, options);
  if (draft.migrationScript === null) return null;

  const folder = join(dir, draft.generatedMigrationName);
  await mkdir(dir, { recursive: true });
  await mkdir(folder); // fails if it exists: never overwrite a migration
  await writeFile(join(folder, `migration.${draft.extension}`), draft.migrationScript);
  await writeFile(join(dir, LOCKFILE), lockfileContent(draft.connectorType));
  return folder;
}

/**
 * The SQL that a new migration would contain, or null when the history already produces the schema.
 * CI runs this so that a schema change without its migration fails the build.
 */
export async function pendingSchemaChange(kind: DatabaseKind, options: SchemaChangeOptions = {}): Promise<string | null> {
  const dir = options.migrationsDir ?? defaultMigrationsDir(kind);
  const draft = await draftMigration(kind, 'pending_schema_change', dir, options);
  return draft.migrationScript;
}

/**
 * Pitfall 1: the wasm engine has no shadow database of its own for `createMigration`. As in
 * `prisma migrate dev`, the history is applied to a throw-away database (in-memory SQLite, or a
 * scratch PostgreSQL database), checked with `devDiagnostic`, and only then diffed with the schema.
 */
async function draftMigration(kind: DatabaseKind, name: string, dir: string, options: SchemaChangeOptions) {
  const migrations = await readMigrations(dir, kind, { mayBeEmpty: true });
  const schemaPath = options.schemaPath ?? defaultSchemaPath(kind);
  const schema = { path: schemaPath, content: await readSchema(schemaPath) };

  return withScratchDatabase(kind, options, (adapter) =>
    withSchemaEngine({ adapter, schema, onLog: options.onLog }, async (engine) => {
      await engine.applyMigrations({ migrationsList: migrations, filters: NO_FILTERS }).catch((error: unknown) => {
        throw new Error(`The ${kind} history in ${dir} does not replay on an empty database: ${messageOf(error)}`, {
          cause: error,
        });
      });
      const { action } = await engine.devDiagnostic({ migrationsList: migrations, filters: NO_FILTERS });
      if (action.tag === 'reset') {
        throw new Error(`The ${kind} history in ${dir} is inconsistent: ${action.reason}`);
      }
      return engine.createMigration({
        draft: false,
        migrationName: name,
        migrationsList: migrations,
        schema: { files: [schema] },
        filters: NO_FILTERS,
      });
    }),
  );
}

type MigrationAdapter = ReturnType<typeof sqliteMigrationAdapter>;

function migrationAdapter(target: DatabaseUrl): MigrationAdapter {
  if (target.kind === 'sqlite') return sqliteMigrationAdapter(target.file);
  // deploy and status never need a shadow database.
  return postgresMigrationAdapter({ connectionString: target.url }, undefined);
}

async function withScratchDatabase<T>(
  kind: DatabaseKind,
  options: SchemaChangeOptions,
  run: (adapter: MigrationAdapter) => Promise<T>,
): Promise<T> {
  if (kind === 'sqlite') return run(sqliteMigrationAdapter(':memory:'));
  const server = parseDatabaseUrl(options.scratchServerUrl ?? DEFAULT_SCRATCH_SERVER_URL);
  if (server.kind !== 'postgres') throw new Error('scratchServerUrl must be a PostgreSQL URL.');
  const scratch = await createScratchDatabase(server, 'certbell_replay').catch((error: unknown) => {
    throw new Error(
      `Cannot create a throw-away database on the PostgreSQL server ${server.host}:${server.port} as "${server.user}" ` +
        `(scratchServerUrl), which replaying the postgres history needs: ${messageOf(error)}`,
      { cause: error },
    );
  });
  try {
    return await run(postgresMigrationAdapter(scratch.config, server));
  } finally {
    await scratch.drop();
  }
}

const LOCKFILE = 'migration_lock.toml';

/** The same file Prisma writes, so that the stock CLI accepts the folder. */
function lockfileContent(provider: string): string {
  return [
    '# Please do not edit this file manually',
    '# It should be added in your version-control system (e.g., Git)',
    `provider = "${provider}"`,
    '',
  ].join('\n');
}

/** Loads a history the way the Prisma CLI does: every sub-folder, in name order, with its migration.sql. */
export async function readMigrations(dir: string, kind: DatabaseKind, { mayBeEmpty = false } = {}): Promise<MigrationList> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || !mayBeEmpty) {
      throw new Error(`Cannot read the ${kind} migration history at ${dir}: ${messageOf(error)}`, { cause: error });
    }
    entries = [];
  }
  const folders = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const migrationDirectories = await Promise.all(
    folders.map(async (folder) => ({
      path: folder,
      migrationFile: {
        path: 'migration.sql',
        content: await readFile(join(dir, folder, 'migration.sql'), 'utf8').then(
          (value) => ({ tag: 'ok' as const, value }),
          (error: unknown) => ({ tag: 'error' as const, value: messageOf(error) }),
        ),
      },
    })),
  );
  const lockfile = await readFile(join(dir, LOCKFILE), 'utf8').catch(() => null);
  return { baseDir: dir, lockfile: { path: LOCKFILE, content: lockfile }, shadowDbInitScript: '', migrationDirectories };
}

async function readSchema(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read the Prisma schema ${path} (npm install writes it): ${messageOf(error)}`, { cause: error });
  }
}

/** Names recorded as applied in Prisma's table (the engine's diagnosis lists only what is wrong). */
async function appliedMigrations(target: DatabaseUrl): Promise<string[]> {
  const connection = await migrationAdapter(target).connect();
  try {
    const result = await connection.queryRaw({
      sql:
        'SELECT migration_name FROM _prisma_migrations ' +
        'WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY started_at, migration_name',
      args: [],
      argTypes: [],
    });
    return result.rows.map((row) => String(row[0]));
  } finally {
    await connection.dispose();
  }
}

// ---------------------------------------------------------------------------------------------
// One deploy at a time per database.

/** Arbitrary, but distinct from the key Prisma's engine locks on its own connection (72707369). */
const POSTGRES_LOCK_KEY = 4_127_055_301;
const SQLITE_LOCK_WAIT_MS = 120_000;
const SQLITE_LOCK_POLL_MS = 50;

async function withMigrationLock<T>(target: DatabaseUrl, run: () => Promise<T>): Promise<T> {
  return target.kind === 'postgres' ? withAdvisoryLock(target, run) : withSqliteLock(target.file, run);
}

/**
 * A session-level advisory lock on a connection of its own: PostgreSQL releases it if the process
 * dies. (The engine's own lock is taken through a pool, so it does not reliably cover the whole deploy.)
 */
async function withAdvisoryLock<T>(target: PostgresDatabaseUrl, run: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: target.url });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`Cannot connect to ${describe(target)}: ${messageOf(error)}`, { cause: error });
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

// ---------------------------------------------------------------------------------------------
// Errors

/**
 * Names the migration that failed and says what state it left. PostgreSQL ran the script as one
 * transaction (pitfall 6), so nothing of it remains: the engine's "failed" record is then marked
 * rolled back, and the corrected file deploys without the manual `prisma migrate resolve` that the
 * Prisma CLI, which cannot run here, would ask for.
 */
async function deployFailure(error: unknown, engine: SchemaEngine, target: DatabaseUrl, migrations: MigrationList): Promise<Error> {
  const where = describe(target);
  const name = error instanceof SchemaEngineError ? error.migrationName : undefined;
  if (name === undefined) {
    const code = error instanceof SchemaEngineError ? error.code : undefined;
    // P3009: an earlier failure is on record. Prisma's advice (`prisma migrate resolve`) cannot run here.
    let advice = code === 'P3009' ? `\nTo recover, ${HOW_TO_RESOLVE}` : '';
    if (code === TIMEOUT && target.kind === 'sqlite') {
      advice = `\nSQLite migrations need the file to themselves: stop the other processes using it (the service, a CLI command) and deploy again.`;
    }
    return new Error(`Migrating ${where} failed: ${messageOf(error)}${advice}`, { cause: error });
  }

  const file = join(migrations.baseDir, name, 'migration.sql');
  const failed = `Migration ${name} failed on ${where}: ${messageOf(error)}`;
  if (target.kind === 'sqlite') {
    return new Error(
      `${failed}\nSQLite keeps the statements that ran before the failing one, and the migration is recorded as ` +
        `failed: ${HOW_TO_RESOLVE}`,
      { cause: error },
    );
  }
  const script = migrations.migrationDirectories.find((migration) => migration.path === name)?.migrationFile.content;
  if (script?.tag !== 'ok' || controlsItsOwnTransactions(script.value)) {
    return new Error(
      `${failed}\nThe script manages its own transactions, so part of it may have been committed, and the migration ` +
        `is recorded as failed: ${HOW_TO_RESOLVE}`,
      { cause: error },
    );
  }
  try {
    await engine.markMigrationRolledBack({ migrationName: name });
  } catch (markError) {
    return new Error(`${failed}\nPostgreSQL rolled it back, but recording that failed too: ${messageOf(markError)}`, { cause: error });
  }
  return new Error(`${failed}\nPostgreSQL rolled it back, so the database is unchanged: fix ${file} and deploy again.`, {
    cause: error,
  });
}

const HOW_TO_RESOLVE =
  'repair the database by hand, then, in its _prisma_migrations row, set rolled_back_at (the migration will run ' +
  'again) or finished_at (it counts as applied), and deploy again.';

/** A script with its own BEGIN/COMMIT is not one implicit transaction any more (Prisma writes such scripts for enum changes). */
function controlsItsOwnTransactions(script: string): boolean {
  return /^\s*(BEGIN|COMMIT|END|ROLLBACK|START\s+TRANSACTION)\b/im.test(script);
}

function describe(target: DatabaseUrl): string {
  return target.kind === 'sqlite' ? target.file : `PostgreSQL database "${target.database}" on ${target.host}:${target.port}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
