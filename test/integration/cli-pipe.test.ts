// The installed command writing a multi-megabyte answer into a real pipe: every byte reaches the
// reader and the exit code is kept. Exiting the process as soon as the command returned cut such
// output off at the pipe's buffer (64 KiB here), leaving a reader with broken JSON.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCases, seedSqlite } from '../../bench/seed.js';
import { createEmptyDatabase } from '../support/databases.js';
import type { EmptyDatabase } from '../support/databases.js';
import { deployMigrations } from '../../src/adapters/db/migrator.js';
import { parseDatabaseUrl } from '../../src/adapters/db/database-url.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Runs bin/certbell.js with stdout a pipe that this test reads slowly, in 64 KiB gulps. */
function certbellThroughPipe(url: string, args: readonly string[]): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin/certbell.js'), ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url, CERTBELL_LANG: 'en', LANG: 'en_US.UTF-8' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      // A reader slower than the writer, as `| jq` or `| ssh` often is.
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), 2);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(chunks), stderr }));
  });
}

describe('certbell writing into a pipe', () => {
  let database: EmptyDatabase;
  beforeAll(async () => {
    database = await createEmptyDatabase('sqlite');
    await deployMigrations(database.url);
    const target = parseDatabaseUrl(database.url);
    if (target.kind !== 'sqlite') throw new Error('expected SQLite');
    seedSqlite(target.file, generateCases(2_500));
  }, 120_000);
  afterAll(() => database.drop());

  it('plan --json of 2,500 cases arrives whole through the pipe and parses', async () => {
    const run = await certbellThroughPipe(database.url, ['plan', '--as-of', '2026-11-21', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.length).toBeGreaterThan(2 * 1024 * 1024);
    const plan = JSON.parse(run.stdout.toString('utf8')) as { asOf: string; obligations: { caseRef: string }[] };
    expect(plan.asOf).toBe('2026-11-21');
    expect(new Set(plan.obligations.map((o) => o.caseRef)).size).toBeGreaterThan(2_000);
  }, 180_000);

  it('a refused command keeps its exit code and its reason', async () => {
    const run = await certbellThroughPipe(database.url, ['case', 'show', 'NO-SUCH-CASE']);
    expect(run.code).toBe(1);
    expect(run.stdout.length).toBe(0);
    expect(run.stderr).toMatch(/NO-SUCH-CASE/);
  }, 120_000);
});
