// What a failed deploy says: which migration failed, what state it left, and how to recover.
import { join } from 'node:path';
import type { DatabaseUrl } from './database-url.js';
import { SchemaEngineError, TIMEOUT, type MigrationList, type SchemaEngine } from './schema-engine.js';
import { errorMessage } from '../../app/errors.js';

/**
 * Names the migration that failed and says what state it left. PostgreSQL ran the script as one
 * transaction (pitfall 6), so nothing of it remains: the engine's "failed" record is then marked
 * rolled back, and the corrected file deploys without the manual `prisma migrate resolve` that the
 * Prisma CLI, which cannot run here, would ask for.
 */
export async function deployFailure(error: unknown, engine: SchemaEngine, target: DatabaseUrl, migrations: MigrationList): Promise<Error> {
  const where = describeDatabase(target);
  const name = error instanceof SchemaEngineError ? error.migrationName : undefined;
  if (name === undefined) {
    const code = error instanceof SchemaEngineError ? error.code : undefined;
    // P3009: an earlier failure is on record. Prisma's advice (`prisma migrate resolve`) cannot run here.
    let advice = code === 'P3009' ? `\nTo recover, ${HOW_TO_RESOLVE}` : '';
    if (code === TIMEOUT && target.kind === 'sqlite') {
      advice = `\nSQLite migrations need the file to themselves: stop the other processes using it (the service, a CLI command) and deploy again.`;
    }
    return new Error(`Migrating ${where} failed: ${errorMessage(error)}${advice}`, { cause: error });
  }

  const file = join(migrations.baseDir, name, 'migration.sql');
  const failed = `Migration ${name} failed on ${where}: ${errorMessage(error)}`;
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
    return new Error(`${failed}\nPostgreSQL rolled it back, but recording that failed too: ${errorMessage(markError)}`, { cause: error });
  }
  return new Error(`${failed}\nPostgreSQL rolled it back, so the database is unchanged: fix ${file} and deploy again.`, {
    cause: error,
  });
}

export const HOW_TO_RESOLVE =
  'repair the database by hand, then, in its _prisma_migrations row, set rolled_back_at (the migration will run ' +
  'again) or finished_at (it counts as applied), and deploy again.';

/** A script with its own BEGIN/COMMIT is not one implicit transaction any more (Prisma writes such scripts for enum changes). */
function controlsItsOwnTransactions(script: string): boolean {
  return /^\s*(BEGIN|COMMIT|END|ROLLBACK|START\s+TRANSACTION)\b/im.test(script);
}

export function describeDatabase(target: DatabaseUrl): string {
  return target.kind === 'sqlite' ? target.file : `PostgreSQL database "${target.database}" on ${target.host}:${target.port}`;
}
