// One Prisma schema per database, rendered by scripts/prisma-schemas.mjs from prisma/models.prisma:
// they must differ only in the lines that name the database and the client's folder.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultSchemaPath } from '../../../src/adapters/db/migrator.js';

const modelsPath = fileURLToPath(new URL('../../../prisma/models.prisma', import.meta.url));

/** Splits a rendered schema after its datasource block: the header names the database, the rest is models. */
async function readRendered(kind: 'sqlite' | 'postgres'): Promise<{ header: string; models: string }> {
  const text = await readFile(defaultSchemaPath(kind), 'utf8');
  const end = /^datasource db \{[^}]*\}\n/m.exec(text);
  if (!end) throw new Error(`${defaultSchemaPath(kind)} has no datasource block`);
  const split = end.index + end[0].length;
  return { header: text.slice(0, split), models: text.slice(split) };
}

describe('the rendered Prisma schemas', () => {
  it('hold the same models', async () => {
    const [sqlite, postgres] = await Promise.all([readRendered('sqlite'), readRendered('postgres')]);
    expect(postgres.models).toBe(sqlite.models);
  });

  it('differ only in provider and client output', async () => {
    const [sqlite, postgres] = await Promise.all([readRendered('sqlite'), readRendered('postgres')]);
    expect(sqlite.header).toContain('provider = "sqlite"');
    expect(sqlite.header).toContain('generated/sqlite"');
    expect(postgres.header).toContain('provider = "postgresql"');
    expect(postgres.header).toContain('generated/postgres"');

    const asSqlite = postgres.header.replace('provider = "postgresql"', 'provider = "sqlite"').replace('generated/postgres"', 'generated/sqlite"');
    expect(asSqlite).toBe(sqlite.header);
  });

  it('carry the current prisma/models.prisma (otherwise run `npm run postinstall`)', async () => {
    const models = await readFile(modelsPath, 'utf8');
    const [sqlite, postgres] = await Promise.all([readRendered('sqlite'), readRendered('postgres')]);
    expect(sqlite.models).toBe(models);
    expect(postgres.models).toBe(models);
  });
});
