// The command line as a test runs it: in process, with what it printed captured.
import { afterAll, beforeAll } from 'vitest';
import type { Database } from '../../src/adapters/db/connect.js';
import type { DatabaseKind } from '../../src/adapters/db/database-url.js';
import { runCli } from '../../src/cli.js';
import { createTestDatabase, type TestDatabase } from './databases.js';

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export async function runCliCaptured(argv: readonly string[], env: Readonly<Record<string, string>>): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli([...argv], env, {
    out: (t) => void out.push(t),
    err: (t) => void err.push(t),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/**
 * The command line of a describe block's tests on a fresh database of `kind`, removed after them:
 * `cli(...argv)` runs it as `actor` in English with `env` added, `db()` is the database it writes.
 */
export function cliOnFreshDatabase(kind: DatabaseKind, env: Readonly<Record<string, string>> = {}, actor = 'tester') {
  let database: TestDatabase | undefined;
  let vars: Record<string, string> = {};
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    vars = { DATABASE_URL: database.url, CERTBELL_ACTOR: actor, LANG: 'C.UTF-8', ...env };
  });
  afterAll(async () => database?.drop());
  return {
    cli: (...argv: string[]) => runCliCaptured(argv, vars),
    db: (): Database => {
      if (!database) throw new Error('the database is made before the tests');
      return database.db;
    },
  };
}
