// `prisma migrate deploy | status | dev --create-only`, done by Prisma's own schema engine (wasm) so that
// no native engine has to be downloaded. The engine writes the SQL and keeps Prisma's
// `_prisma_migrations` table (with each file's sha256), so the stock CLI agrees wherever it can run.
// Each database kind has its own history: prisma/migrations/<kind>/<timestamp>_<name>/migration.sql.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseDatabaseUrl, type DatabaseKind, type DatabaseUrl } from './database-url.js';
import {
  createScratchDatabase,
  postgresMigrationAdapter,
  sqliteMigrationAdapter,
} from './migration-adapters.js';
import { historyIsApplied } from './migration-check.js';
import { HOW_TO_RESOLVE, deployFailure, describeDatabase } from './migration-failure.js';
import { errorMessage } from '../../app/errors.js';
import { LOCKFILE, defaultMigrationsDir, defaultSchemaPath, lockfileContent, readMigrations, readSchema } from './migration-files.js';

export { defaultMigrationsDir, defaultSchemaPath };
import { withMigrationLock } from './migration-lock.js';
import { SchemaEngineError, withSchemaEngine, type MigrationList, type SchemaEngine } from './schema-engine.js';

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

const NO_FILTERS = { externalTables: [], externalEnums: [] };

/** Applies every pending migration, like `prisma migrate deploy`. Concurrent callers apply each migration once. */
export async function deployMigrations(url: string, options: MigratorOptions = {}): Promise<{ applied: string[] }> {
  const target = parseDatabaseUrl(url);
  const dir = options.migrationsDir ?? defaultMigrationsDir(target.kind);
  const migrations = await readMigrations(dir, target.kind);
  // The common case, without loading the schema engine or taking the lock (see also historyApplied).
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
    throw new Error(`Reading the migration status of ${describeDatabase(target)} failed: ${errorMessage(error).trim()}`, { cause: error });
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
        throw new Error(`The ${kind} history in ${dir} does not replay on an empty database: ${errorMessage(error)}`, {
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
        `(scratchServerUrl), which replaying the postgres history needs: ${errorMessage(error)}`,
      { cause: error },
    );
  });
  try {
    return await run(postgresMigrationAdapter(scratch.config, server));
  } finally {
    await scratch.drop();
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

export { readMigrations };
