// Developer commands for the two migration histories (prisma/migrations/sqlite and …/postgres):
//   tsx scripts/migrations.ts create <name>   write the migration that prisma/models.prisma needs, for both databases
//   tsx scripts/migrations.ts check           exit 1 if either history lags the models (CI runs this)
// PostgreSQL histories are replayed in throw-away databases on SCRATCH_PG_URL
// (default postgresql://postgres@127.0.0.1:5432/postgres): the user must be allowed to CREATE DATABASE.
import { execFileSync } from 'node:child_process';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatabaseKind } from '../src/adapters/db/database-url.js';
import {
  createMigration,
  DEFAULT_SCRATCH_SERVER_URL,
  pendingSchemaChange,
  type SchemaChangeOptions,
} from '../src/adapters/db/migrator.js';

// PostgreSQL first: it needs a server, the likelier failure, before anything is written for SQLite.
const KINDS: DatabaseKind[] = ['postgres', 'sqlite'];
const root = fileURLToPath(new URL('..', import.meta.url));
const options: SchemaChangeOptions = { scratchServerUrl: process.env.SCRATCH_PG_URL ?? DEFAULT_SCRATCH_SERVER_URL };
const usage = 'usage: tsx scripts/migrations.ts create <name> | check';

/**
 * The per-database schemas are build output of prisma/models.prisma; render them (and the clients)
 * afresh so that an edit of the models is never compared through a stale copy.
 */
function renderSchemas(): void {
  try {
    execFileSync(process.execPath, ['scripts/prisma-generate.mjs'], { cwd: root, stdio: 'pipe' });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`scripts/prisma-generate.mjs failed${stderr ? `:\n${stderr}` : ''}`, { cause: error });
  }
}

async function create(name: string): Promise<number> {
  renderSchemas();
  const created: string[] = [];
  for (const kind of KINDS) {
    const folder = await createMigration(kind, name, options);
    if (folder === null) {
      console.log(`${kind}: no change to migrate`);
    } else {
      created.push(kind);
      console.log(`${kind}: created ${relative(root, folder)}/migration.sql`);
    }
  }
  if (created.length === 1) {
    // Both schemas hold the same models, so one history changing alone means the other was already behind or ahead.
    console.warn(`warning: only ${created[0]} needed a migration; run "check" and compare the two histories.`);
  }
  if (created.length > 0) console.log('Review the SQL, then commit it together with the change to prisma/models.prisma.');
  return 0;
}

async function check(): Promise<number> {
  renderSchemas();
  let failures = 0;
  for (const kind of KINDS) {
    const sql = await pendingSchemaChange(kind, options);
    if (sql === null) {
      console.log(`${kind}: migrations are in sync with prisma/models.prisma`);
      continue;
    }
    failures += 1;
    console.error(
      `${kind}: prisma/models.prisma has changes that no migration in prisma/migrations/${kind} covers.\n` +
        `Run "npm run db:new-migration -- <name>" and commit the result. The missing migration:\n\n${sql.trim()}\n`,
    );
  }
  return failures === 0 ? 0 : 1;
}

async function main(args: string[]): Promise<number> {
  const [command, name, ...rest] = args;
  if (command === 'create' && name !== undefined && rest.length === 0) return create(name);
  if (command === 'check' && name === undefined) return check();
  console.error(usage);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    if (process.env.SCRATCH_PG_URL === undefined) {
      console.error(`(PostgreSQL histories are replayed on ${DEFAULT_SCRATCH_SERVER_URL}; set SCRATCH_PG_URL to use another server.)`);
    }
    process.exitCode = 1;
  },
);
