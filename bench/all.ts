// `npm run bench`: what an operator runs, measured as they run it. Every figure is a whole command in a
// fresh process with its output written to a file, paired run by run with the database's own client
// (sqlite3, psql) doing the same read or load; medians with min and max, and each process's peak
// memory. The cases are seeded through the real `certbell import` of a generated register.
//
//   npm run bench                          # BENCH_SIZES=10000,100000, BENCH_RUNS=3, both databases
//   npm run bench -- --readme              # also writes the summary into README.md ("Performance")
//
// BENCH_PG_URL names a PostgreSQL server on which scratch databases may be created (default the
// local one); without one, only SQLite is measured. BENCH_STARTUP_RUNS (10) sets the start-up pairs.
import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { writeRegister } from './generate-register.js';
import { benchConsole, consoleTable } from './web.js';
import type { PageFigures } from './web.js';
import { fmtMs, fmtRange, measure, paired, stats } from './measure.js';
import type { Paired, Sample, Stats } from './measure.js';
import { errorMessage } from '../src/app/errors.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'certbell.js');
const sizes = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const startupRuns = Number(process.env.BENCH_STARTUP_RUNS ?? 10);
const pgServer = process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const AS_OF = '2026-11-21'; // the generated registers date everything before 2026-11-20
const work = await mkdtemp(join(tmpdir(), 'certbell-bench-'));
const started = performance.now();

type Kind = 'sqlite' | 'postgres';
interface Row {
  readonly what: string;
  readonly database: string;
  readonly size: string;
  readonly result: Paired | { readonly failed: string };
  readonly baseline: string;
  readonly target: string;
  /** Figures only this row has (the catch-up sweep's event-loop stall). */
  readonly extra?: string;
}
const rows: Row[] = [];
/** The web console's server times on each seeded database (bench/web.ts). */
const consoleRows: (PageFigures & { readonly database: string; readonly size: string })[] = [];
const count = (n: number) => n.toLocaleString('en-US');

function log(text: string): void {
  process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(0)} s] ${text}\n`);
}

async function build(): Promise<void> {
  await new Promise<void>((resolve, reject) =>
    spawn(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' }).on('exit', (code) => (code === 0 ? resolve() : reject(new Error('build failed')))),
  );
}

// ---------------------------------------------------------------------------------------------
// Databases: a migrated template for each kind, copied for every run that writes.

const certbellEnv = (url: string) => ({ DATABASE_URL: url, CERTBELL_LANG: 'en', LANG: 'C.UTF-8', TZ: 'UTC', CERTBELL_ACTOR: 'bench', LOG_LEVEL: 'info' });
const certbell = (url: string, args: readonly string[], out?: string) =>
  measure({ cmd: process.execPath, args: [bin, ...args], env: certbellEnv(url), cwd: root, ...(out ? { out } : {}) });

async function pgAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: pgServer, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: pgServer });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function pgUrl(database: string): string {
  const url = new URL(pgServer);
  url.pathname = `/${database}`;
  return url.toString();
}

const prefix = `certbell_bench_${process.pid}`;
const sqliteTemplate = join(work, 'template.db');
const pgTemplate = `${prefix}_template`;
const pgDatabases = new Set<string>();

async function freshPg(name: string, template: string | null): Promise<string> {
  await onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await onServer(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
  pgDatabases.add(name);
  return pgUrl(name);
}

async function freshSqlite(file: string, template: string | null): Promise<string> {
  for (const suffix of ['', '-wal', '-shm', '.service-lock', '.migrate-lock']) await rm(`${file}${suffix}`, { force: true });
  if (template) await copyFile(template, file);
  return `file:${file}`;
}

/** A copy of a seeded database, for a run that writes to it. */
async function copyOf(kind: Kind, seeded: string, name: string): Promise<string> {
  if (kind === 'sqlite') return freshSqlite(join(work, `${name}.db`), seeded);
  return freshPg(`${prefix}_${name}`, seeded);
}

// ---------------------------------------------------------------------------------------------
// The database's own clients, reading or loading the same rows.

const sqlite3 = (file: string, args: readonly string[], out?: string, stdin?: string) =>
  measure({ cmd: 'sqlite3', args: [file, ...args], ...(out ? { out } : {}), ...(stdin === undefined ? {} : { stdin }) });
const psql = (url: string, sql: string, out?: string) => measure({ cmd: 'psql', args: ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', sql], ...(out ? { out } : {}) });

const planColumns = ['caseRef', 'scheme', 'kind', 'audience', 'occurrence', 'opensOn', 'dueOn', 'shownFrom', 'counting', 'rules', 'estimatedYears', 'explanation'];
/** The stored obligations a plan reads, with its filter and order (byte order for text, as certbell sorts). */
function planSql(kind: Kind): string {
  const c = kind === 'postgres' ? ' COLLATE "C"' : '';
  return `SELECT ${planColumns.map((n) => `"${n}"`).join(', ')} FROM "Obligation" WHERE ("shownFrom" IS NULL OR "shownFrom" <= '${AS_OF}') ORDER BY "dueOn", "caseRef"${c}, kind${c}, occurrence${c}`;
}
/** What a sweep reads: the applicants' obligations with the contacts of their cases. */
function sweepSql(): string {
  return (
    `SELECT o."caseRef", o.kind, o.occurrence, o."opensOn", o."dueOn", o.explanation, k.id, k.email, k.locale FROM "Obligation" o ` +
    `JOIN "CaseContact" cc ON cc."caseId" = o."caseId" JOIN "Contact" k ON k.id = cc."contactId" ` +
    `WHERE o.audience = 'applicant' AND (o."shownFrom" IS NULL OR o."shownFrom" <= '${AS_OF}')`
  );
}
const clientRead = (kind: Kind, url: string, sql: string, out: string): Promise<Sample> =>
  kind === 'sqlite' ? sqlite3(url.slice('file:'.length), ['-json', sql], out) : psql(url, `SELECT json_agg(r) FROM (${sql}) r`, out);

// ---------------------------------------------------------------------------------------------
// The service's start-up catch-up sweep, with bench/loop-probe.mjs preloaded.

async function catchUpSweep(url: string): Promise<Sample & { maxStallMs: number; sweepMs: number }> {
  const probe = join(work, `probe-${Date.now()}.json`);
  const child = spawn(process.execPath, ['--import', './bench/loop-probe.mjs', 'dist/main.js'], {
    cwd: root,
    env: { ...process.env, ...certbellEnv(url), CERTBELL_SWEEP_AT: '00:00', CERTBELL_INSTANCE: 'bench', BENCH_PROBE_FILE: probe },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const begun = performance.now();
  for (;;) {
    const text = await readFile(probe, 'utf8').catch(() => null);
    if (text) {
      child.kill('SIGTERM');
      await exited;
      const figures = JSON.parse(text) as { sweepMs: number; maxStallMs: number; peakMb: number };
      return { ms: figures.sweepMs, peakMb: figures.peakMb, maxStallMs: figures.maxStallMs, sweepMs: figures.sweepMs };
    }
    if (child.exitCode !== null || performance.now() - begun > 600_000) {
      child.kill('SIGKILL');
      throw new Error(`the service did not finish its catch-up sweep:\n${stderr.slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// ---------------------------------------------------------------------------------------------

async function attempt(row: Omit<Row, 'result'>, work: () => Promise<Paired>): Promise<Paired | null> {
  log(`${row.what} (${row.database} ${row.size})…`);
  try {
    const result = await work();
    rows.push({ ...row, result });
    log(`  certbell ${fmtMs(result.a.ms.median)}, ${row.baseline} ${fmtMs(result.b.ms.median)}, peak ${result.a.peakMb.max.toFixed(0)} MB`);
    return result;
  } catch (error) {
    const reason = errorMessage(error).split('\n').find((l) => l.trim() && !l.includes('exited with')) ?? 'failed';
    rows.push({ ...row, result: { failed: reason.slice(0, 160) } });
    log(`  FAILED: ${errorMessage(error).slice(0, 1500)}`);
    return null;
  }
}

async function main(): Promise<void> {
  await build();
  const kinds: Kind[] = (await pgAnswers()) ? ['sqlite', 'postgres'] : ['sqlite'];
  if (!kinds.includes('postgres')) log(`no PostgreSQL answers on BENCH_PG_URL (${pgServer}): SQLite only`);

  await freshSqlite(sqliteTemplate, null);
  await certbell(`file:${sqliteTemplate}`, ['db', 'migrate']);
  if (kinds.includes('postgres')) await certbell(await freshPg(pgTemplate, null), ['db', 'migrate']);
  const template = (kind: Kind) => (kind === 'sqlite' ? sqliteTemplate : pgTemplate);
  const out = join(work, 'out');

  // Start-up: the command line's help, and a read-only command on an empty database.
  await attempt({ what: '`certbell --help`', database: '–', size: '–', baseline: '`node -e 0`', target: '≤ 5× node -e 0' }, () =>
    paired(startupRuns, () => certbell(`file:${sqliteTemplate}`, ['--help'], out), () => measure({ cmd: process.execPath, args: ['-e', '0'] })),
  );
  const empty = await freshSqlite(join(work, 'empty.db'), sqliteTemplate);
  await attempt({ what: '`certbell plan --json`, empty database', database: 'sqlite', size: '0', baseline: '`sqlite3` plan read', target: '≤ 0.5 s' }, () =>
    paired(startupRuns, () => certbell(empty, ['plan', '--as-of', AS_OF, '--json'], out), () => clientRead('sqlite', empty, planSql('sqlite'), out)),
  );

  for (const size of sizes) {
    const register = join(work, `register-${size}.csv`);
    await writeRegister(register, size);
    for (const kind of kinds) {
      // Import: certbell into a migrated database; the client loads the same file into a bare table.
      const seeded = kind === 'sqlite' ? join(work, `seeded-${size}.db`) : `${prefix}_seeded_${size}`;
      let seededUrl = '';
      const imported = await attempt(
        { what: '`certbell import` of a CSV register', database: kind, size: `${count(size)} rows`, baseline: kind === 'sqlite' ? '`sqlite3 .import`' : '`psql \\copy`', target: size >= 100_000 ? '≤ 30 s, ≤ 300 MB' : '≤ 5 s' },
        () =>
          paired(
            runs,
            () => certbell(seededUrl, ['import', register], out),
            () =>
              kind === 'sqlite'
                ? sqlite3(join(work, 'load.db'), [], undefined, `.import --csv ${register} register\n`)
                : psql(pgUrl(`${prefix}_load`), `\\copy register FROM '${register}' CSV HEADER`),
            {
              a: async () => {
                seededUrl = kind === 'sqlite' ? await freshSqlite(seeded, sqliteTemplate) : await freshPg(seeded, template(kind));
              },
              b: async () => {
                if (kind === 'sqlite') await freshSqlite(join(work, 'load.db'), null);
                else {
                  const url = await freshPg(`${prefix}_load`, null);
                  const columns = 'ref,scheme,organization,province,service_type,level,certificate_no,issue_date,expiry,last_inspection_or_audit,contact_name,email,locale';
                  await measure({ cmd: 'psql', args: ['-X', '-q', '-d', url, '-c', `CREATE TABLE register (${columns.split(',').map((c) => `${c} text`).join(', ')})`] });
                }
              },
            },
          ),
      );
      if (!imported) continue;
      if (kind === 'sqlite') await sqlite3(seeded, ['PRAGMA wal_checkpoint(TRUNCATE)']);
      if (size >= 100_000) {
        log(`web console pages (${kind} ${count(size)} cases)…`);
        const pages = await benchConsole(seededUrl, Number(process.env.BENCH_WEB_REQUESTS ?? 200), AS_OF);
        for (const p of pages) consoleRows.push({ ...p, database: kind, size: `${count(size)} cases` });
      }

      const size_ = `${count(size)} cases`;
      await attempt({ what: '`certbell plan --as-of D --json`', database: kind, size: size_, baseline: kind === 'sqlite' ? '`sqlite3 -json`, same rows and order' : '`psql` json_agg, same rows and order', target: '≤ 2× client, ≤ 250 MB' }, () =>
        paired(runs, () => certbell(seededUrl, ['plan', '--as-of', AS_OF, '--json'], out), () => clientRead(kind, seededUrl, planSql(kind), out)),
      );
      await attempt({ what: '`certbell sweep --dry-run --json`', database: kind, size: size_, baseline: 'client read of obligations × contacts', target: '≤ 2× client, ≤ 250 MB' }, () =>
        paired(runs, () => certbell(seededUrl, ['sweep', '--dry-run', '--as-of', AS_OF, '--json'], out), () => clientRead(kind, seededUrl, sweepSql(), out)),
      );
      const stalls: number[] = [];
      let catchUpUrl = '';
      const catchUp = await attempt(
        { what: 'service start-up catch-up sweep (writes the outbox)', database: kind, size: size_, baseline: 'client read of obligations × contacts', target: '≤ 300 MB, no stall > 200 ms' },
        () =>
          paired(
            runs,
            async () => {
              const sample = await catchUpSweep(catchUpUrl);
              stalls.push(sample.maxStallMs);
              return sample;
            },
            () => clientRead(kind, seededUrl, sweepSql(), out),
            { a: async () => void (catchUpUrl = await copyOf(kind, seeded, 'catchup')) },
          ),
      );
      if (catchUp) {
        const s: Stats = stats(stalls);
        const last = rows.at(-1)!;
        rows[rows.length - 1] = { ...last, extra: `longest event-loop stall ${fmtRange(s, (v) => `${v.toFixed(0)} ms`)}` };
      }
    }
  }
}

function summary(): string {
  const header = ['what the operator runs', 'database', 'size', 'certbell, median (min–max)', 'baseline', 'baseline, median (min–max)', 'ratio', 'certbell peak MB', 'target'];
  const table = [header];
  for (const r of rows) {
    if ('failed' in r.result) {
      table.push([r.what, r.database, r.size, `failed: ${r.result.failed}`, r.baseline, '', '', '', r.target]);
      continue;
    }
    const { a, b, ratio } = r.result;
    table.push([
      r.what + (r.extra ? `; ${r.extra}` : ''),
      r.database,
      r.size,
      fmtRange(a.ms, fmtMs),
      r.baseline,
      fmtRange(b.ms, fmtMs),
      `${ratio.median.toFixed(2)}×`,
      a.peakMb.max.toFixed(0),
      r.target,
    ]);
  }
  const lines = table.map((cells) => `| ${cells.join(' | ')} |`);
  lines.splice(1, 0, `|${header.map(() => '---').join('|')}|`);
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}, Node ${process.version}, ${runs} paired runs a figure (${startupRuns} for start-up), ${((performance.now() - started) / 60_000).toFixed(0)} min`;
  const web = consoleRows.length ? ['', consoleTable(consoleRows)] : [];
  return [`certbell benchmark (${machine})`, '', ...lines, ...web].join('\n');
}

try {
  await main();
} finally {
  for (const name of pgDatabases) await onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
  if (pgDatabases.size) await onServer(`DROP DATABASE IF EXISTS "${pgTemplate}" WITH (FORCE)`).catch(() => undefined);
  await rm(work, { recursive: true, force: true });
}
const text = summary();
console.log(`\n${text}`);
if (process.argv.includes('--readme')) {
  const readme = join(root, 'README.md');
  const current = await readFile(readme, 'utf8');
  const start = current.indexOf('<!-- bench:start -->');
  const end = current.indexOf('<!-- bench:end -->');
  if (start < 0 || end < start) throw new Error('README.md has no <!-- bench:start --> … <!-- bench:end --> section');
  await writeFile(readme, `${current.slice(0, start)}<!-- bench:start -->\n${text}\n${current.slice(end)}`);
  log('README.md updated');
}
if (rows.some((r) => 'failed' in r.result) || consoleRows.some((r) => r.failed)) process.exitCode = 1;
