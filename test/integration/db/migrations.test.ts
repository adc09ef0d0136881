// The migrator over Prisma's wasm schema engine, against real SQLite files and a real PostgreSQL
// server. It patches adapter internals (PRISMA-OFFLINE.md), so an upgrade that breaks it fails here.
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../src/adapters/db/connect.js';
import type { DatabaseKind } from '../../../src/adapters/db/database-url.js';
import {
  createMigration,
  defaultMigrationsDir,
  defaultSchemaPath,
  deployMigrations,
  migrationStatus,
  pendingSchemaChange,
  readMigrations,
} from '../../../src/adapters/db/migrator.js';
import { historyIsApplied } from '../../../src/adapters/db/migration-check.js';
import { parseDatabaseUrl } from '../../../src/adapters/db/database-url.js';
import { createEmptyDatabase, createTestDatabase, TEST_PG_URL, type EmptyDatabase } from '../../support/databases.js';

const MODEL_TABLES = ['Organization', 'Contact', 'Case', 'CaseContact', 'Certificate', 'CaseEvent', 'AuditEntry'];

async function committedMigrations(kind: DatabaseKind): Promise<string[]> {
  const entries = await readdir(defaultMigrationsDir(kind), { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

async function tableNames(db: Database): Promise<string[]> {
  const sql =
    db.kind === 'sqlite'
      ? "SELECT name FROM sqlite_master WHERE type = 'table'"
      : "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'";
  const rows = await db.prisma.$queryRawUnsafe<{ name: string }[]>(sql);
  return rows.map((row) => row.name);
}

/** Runs `check` on a database opened for the duration. */
async function inspect<T>(url: string, check: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase(url);
  try {
    return await check(db);
  } finally {
    await db.close();
  }
}

/** A copy of the committed history that a test may add to. */
async function copyOfHistory(kind: DatabaseKind): Promise<{ dir: string; remove(): Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), `certbell-migrations-${kind}-`));
  const dir = join(root, 'migrations');
  await cp(defaultMigrationsDir(kind), dir, { recursive: true });
  return { dir, remove: () => rm(root, { recursive: true, force: true }) };
}

describe.each(['sqlite', 'postgres'] as const)('migrations on %s', (kind) => {
  const scratch = { scratchServerUrl: TEST_PG_URL };
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const emptyDatabase = async (): Promise<EmptyDatabase> => {
    const database = await createEmptyDatabase(kind);
    cleanups.push(database.drop);
    return database;
  };
  const historyCopy = async () => {
    const copy = await copyOfHistory(kind);
    cleanups.push(copy.remove);
    return copy.dir;
  };

  it('deploys every committed migration to a fresh database, recording sha256 checksums', async () => {
    const { url } = await emptyDatabase();
    const migrations = await committedMigrations(kind);
    expect(migrations.length).toBeGreaterThan(0);
    expect(await migrationStatus(url)).toEqual({ applied: [], pending: migrations, problems: [] });

    expect(await deployMigrations(url)).toEqual({ applied: migrations });

    await inspect(url, async (db) => {
      expect(await tableNames(db)).toEqual(expect.arrayContaining([...MODEL_TABLES, '_prisma_migrations']));
      const recorded = await db.prisma.$queryRawUnsafe<{ migration_name: string; checksum: string }[]>(
        'SELECT migration_name, checksum FROM _prisma_migrations ORDER BY migration_name',
      );
      const expected = await Promise.all(
        migrations.map(async (name) => ({
          migration_name: name,
          checksum: createHash('sha256')
            .update(await readFile(join(defaultMigrationsDir(kind), name, 'migration.sql')))
            .digest('hex'),
        })),
      );
      expect(recorded).toEqual(expected);
    });
  });

  it('applies nothing the second time and reports nothing pending', async () => {
    const { url } = await emptyDatabase();
    await deployMigrations(url);
    expect(await deployMigrations(url)).toEqual({ applied: [] });
    expect(await migrationStatus(url)).toEqual({ applied: await committedMigrations(kind), pending: [], problems: [] });
  });

  it('tells an applied history with one plain query, and leaves every other state to the schema engine', async () => {
    const { url } = await emptyDatabase();
    const target = parseDatabaseUrl(url);
    const history = await readMigrations(defaultMigrationsDir(kind), kind);
    expect(await historyIsApplied(target, history)).toBe(false); // no table yet
    await deployMigrations(url);
    expect(await historyIsApplied(target, history)).toBe(true);

    const [first, ...rest] = history.migrationDirectories;
    const edited = { ...first!, migrationFile: { ...first!.migrationFile, content: { tag: 'ok' as const, value: '-- edited\n' } } };
    expect(await historyIsApplied(target, { ...history, migrationDirectories: [edited, ...rest] })).toBe(false);
    expect(await historyIsApplied(target, { ...history, migrationDirectories: rest })).toBe(false); // applied, not in the folder
    const newer = { ...first!, path: '99991231000000_newer' };
    expect(await historyIsApplied(target, { ...history, migrationDirectories: [...history.migrationDirectories, newer] })).toBe(false); // pending
    await inspect(url, (db) => db.prisma.$executeRawUnsafe(`UPDATE _prisma_migrations SET finished_at = NULL WHERE migration_name = '${first!.path}'`));
    expect(await historyIsApplied(target, history)).toBe(false); // failed or unfinished
  });

  it('applies each migration once when two deploys race on a fresh database', async () => {
    const { url } = await emptyDatabase();
    const migrations = await committedMigrations(kind);

    const results = await Promise.all([deployMigrations(url), deployMigrations(url)]);

    expect(results.map((result) => result.applied).sort()).toEqual([[], migrations]);
    await inspect(url, async (db) => {
      const rows = await db.prisma.$queryRawUnsafe<{ migration_name: string }[]>('SELECT migration_name FROM _prisma_migrations');
      expect(rows.map((row) => row.migration_name).sort()).toEqual(migrations);
    });
  });

  // The wasm schema engine replays the whole history on a scratch database: slow on a busy 2-core machine.
  it('finds the committed history in sync with the schema (the CI guard)', { timeout: 120_000 }, async () => {
    expect(await pendingSchemaChange(kind, scratch)).toBeNull();
  });

  it('detects a schema change, writes its migration, and deploys it', { timeout: 120_000 }, async () => {
    const workspace = await mkdtemp(join(tmpdir(), 'certbell-schema-'));
    cleanups.push(() => rm(workspace, { recursive: true, force: true }));
    const schema = await readFile(defaultSchemaPath(kind), 'utf8');
    expect(schema).toContain('model AuditEntry {\n');
    const changedSchema = join(workspace, 'schema.prisma');
    await writeFile(changedSchema, schema.replace('model AuditEntry {\n', 'model AuditEntry {\n  reviewNote String?\n'));
    const migrationsDir = await historyCopy();
    const options = { ...scratch, schemaPath: changedSchema, migrationsDir };

    const pending = await pendingSchemaChange(kind, options);
    expect(pending).toMatch(/ALTER TABLE "AuditEntry" ADD COLUMN +"reviewNote" TEXT/);

    const folder = await createMigration(kind, 'add_review_note', options);
    expect(folder).toMatch(/[/\\]\d{14}_add_review_note$/);
    expect(await readFile(join(folder!, 'migration.sql'), 'utf8')).toBe(pending);
    expect(await pendingSchemaChange(kind, options)).toBeNull();
    expect(await createMigration(kind, 'nothing_new', options)).toBeNull();

    const { url } = await emptyDatabase();
    const { applied } = await deployMigrations(url, { migrationsDir });
    expect(applied.at(-1)).toMatch(/_add_review_note$/);
  });

  it('fails a broken migration with its name, and says what it left behind', async () => {
    const { url } = await emptyDatabase();
    await deployMigrations(url);
    const migrationsDir = await historyCopy();
    const broken = '29991231000000_broken';
    await mkdir(join(migrationsDir, broken));
    const file = join(migrationsDir, broken, 'migration.sql');
    await writeFile(file, 'CREATE TABLE "Partial" ("id" TEXT PRIMARY KEY);\nCREATE TABLE "Broken" ("id" TEXT PRIMARY KEY;\n');

    const failure = deployMigrations(url, { migrationsDir });

    await expect(failure).rejects.toThrow(`Migration ${broken} failed`);
    const tables = await inspect(url, tableNames);
    if (kind === 'postgres') {
      // One implicit transaction: nothing of the script remains, and it can be fixed and deployed again.
      await expect(failure).rejects.toThrow(/rolled it back/);
      expect(tables).not.toContain('Partial');
      expect(await migrationStatus(url, { migrationsDir })).toMatchObject({ pending: [broken], problems: [] });
      await writeFile(file, 'CREATE TABLE "Partial" ("id" TEXT PRIMARY KEY);\n');
      expect(await deployMigrations(url, { migrationsDir })).toEqual({ applied: [broken] });
    } else {
      // SQLite cannot roll back DDL run as a script; the failure is on record until a person resolves it.
      expect(tables).toContain('Partial');
      const status = await migrationStatus(url, { migrationsDir });
      expect(status.problems).toEqual([expect.stringContaining(broken)]);
      await expect(deployMigrations(url, { migrationsDir })).rejects.toThrow(broken);
    }
  });

  it('runs a hand-written migration whole, semicolons in comments and strings included', async () => {
    const { url } = await emptyDatabase();
    const migrationsDir = await historyCopy();
    await mkdir(join(migrationsDir, '29991231000000_hand_written'));
    await writeFile(
      join(migrationsDir, '29991231000000_hand_written', 'migration.sql'),
      '-- A note; with a semicolon\nCREATE TABLE "Note" ("id" TEXT PRIMARY KEY, "body" TEXT NOT NULL DEFAULT \'a;b\');\n' +
        'INSERT INTO "Note" ("id") VALUES (\'n1\');\n',
    );

    await deployMigrations(url, { migrationsDir });

    const notes = await inspect(url, (db) => db.prisma.$queryRawUnsafe<{ body: string }[]>('SELECT body FROM "Note"'));
    expect(notes).toEqual([{ body: 'a;b' }]);
  });

  it('refuses an invalid migration name', async () => {
    await expect(createMigration(kind, 'add notes', scratch)).rejects.toThrow(/Invalid migration name "add notes"/);
  });

  describe('through openDatabase', () => {
    let database: Awaited<ReturnType<typeof createTestDatabase>>;
    beforeAll(async () => {
      database = await createTestDatabase(kind);
    });
    afterAll(async () => database?.drop());

    it('writes a row and reads it back', async () => {
      const { prisma } = database.db;
      const createdAt = new Date('2026-03-31T08:00:00.000Z');
      await prisma.organization.create({
        data: { id: 'org-1', name: '示例科技有限公司', province: '浙江', createdAt, updatedAt: createdAt },
      });

      const found = await prisma.organization.findUnique({ where: { id: 'org-1' } });

      expect(found).toEqual({ id: 'org-1', name: '示例科技有限公司', province: '浙江', createdAt, updatedAt: createdAt });
    });

    it('enforces foreign keys', async () => {
      const now = new Date('2026-03-31T08:00:00.000Z');
      await expect(
        database.db.prisma.contact.create({
          data: { id: 'c-1', organizationId: 'missing', name: 'Li', email: 'li@example.com', locale: 'zh-CN', createdAt: now, updatedAt: now },
        }),
      ).rejects.toThrow();
    });

    it('deploys again while the database is open elsewhere, when nothing is pending', async () => {
      // On SQLite the engine applies with exclusive access, which a connection that has read would block.
      await database.db.prisma.organization.count();
      expect(await deployMigrations(database.url)).toEqual({ applied: [] });
    });
  });
});

describe('SQLite connections', () => {
  it('use WAL so that other processes can read while one writes', async () => {
    const database = await createTestDatabase('sqlite');
    try {
      const [row] = await database.db.prisma.$queryRawUnsafe<{ journal_mode: string }[]>('PRAGMA journal_mode');
      expect(row?.journal_mode).toBe('wal');
    } finally {
      await database.drop();
    }
  });
});
