// `npm run bench`: how long planning takes beside a raw SQL read of the same rows, and peak memory.
// Sizes: BENCH_SIZES (default "10000,100000"); PostgreSQL: BENCH_PG_URL (default the local server).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { packagedHolidayData } from '../src/adapters/calendar/holiday-data.js';
import { createCaseRepository } from '../src/adapters/db/case-repository.js';
import { openDatabase } from '../src/adapters/db/connect.js';
import { deployMigrations } from '../src/adapters/db/migrator.js';
import { defaultPolicy } from '../src/domain/policy.js';
import { WorkingDayCalendar } from '../src/domain/calendar/working-days.js';
import { generateCases, seedPostgres, seedSqlite } from './seed.js';

const sizes = (process.env.BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const pgServer = process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const runs = 3;

interface Measurement {
  count: number;
  ms: number;
  peakRssMb: number;
}

function measure(what: 'raw' | 'plan', url: string): Measurement {
  const results: Measurement[] = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'measure-plan.ts'), what, url], { encoding: 'utf8' });
    results.push(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Measurement);
  }
  results.sort((a, b) => a.ms - b.ms);
  return results[Math.floor(runs / 2)] as Measurement;
}

async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: pgServer, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

async function withPostgresDatabase<T>(work: (url: string) => Promise<T>): Promise<T> {
  const name = `certbell_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: pgServer });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(pgServer);
  url.pathname = `/${name}`;
  try {
    return await work(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

const table: string[][] = [['database', 'cases', 'obligations', 'raw read ms', 'plan ms', 'plan/raw', 'raw peak RSS MB', 'plan peak RSS MB', 'targets', 'recompute all ms']];

/** For bench/all.ts (BENCH_JSON=1): the same figures as numbers. */
const figures: { database: string; cases: number; obligations: number; rawMs: number; planMs: number; rawPeakRssMb: number; planPeakRssMb: number; recomputeMs: number }[] = [];

function row(database: string, size: number, raw: Measurement, plan: Measurement, refreshMs: number) {
  figures.push({ database, cases: size, obligations: plan.count, rawMs: raw.ms, planMs: plan.ms, rawPeakRssMb: raw.peakRssMb, planPeakRssMb: plan.peakRssMb, recomputeMs: refreshMs });
  const ratio = plan.ms / raw.ms;
  const ok = ratio <= 2 && plan.ms < 10_000 && plan.peakRssMb < 250;
  table.push([database, String(size), String(plan.count), raw.ms.toFixed(0), plan.ms.toFixed(0), ratio.toFixed(2), raw.peakRssMb.toFixed(0), plan.peakRssMb.toFixed(0), ok ? 'met' : 'MISSED', refreshMs.toFixed(0)]);
}

/** Computes and stores every obligation, as a start-up with new rules, policy or holidays does. */
async function recomputeAll(url: string): Promise<number> {
  const db = await openDatabase(url);
  const started = performance.now();
  await createCaseRepository(db, { calendar: new WorkingDayCalendar(packagedHolidayData()), policy: defaultPolicy }).refreshObligations('bench');
  const ms = performance.now() - started;
  await db.close();
  return ms;
}

const withPg = await postgresAvailable();
for (const size of sizes) {
  const data = generateCases(size);
  const dir = mkdtempSync(join(tmpdir(), 'certbell-bench-'));
  try {
    const url = `file:${join(dir, 'bench.db')}`;
    await deployMigrations(url);
    seedSqlite(join(dir, 'bench.db'), data);
    const refreshMs = await recomputeAll(url);
    row('sqlite', size, measure('raw', url), measure('plan', url), refreshMs);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (withPg) {
    await withPostgresDatabase(async (url) => {
      await deployMigrations(url);
      await seedPostgres(url, data);
      const refreshMs = await recomputeAll(url);
      row('postgres', size, measure('raw', url), measure('plan', url), refreshMs);
    });
  }
}

const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
console.log(`certbell plan benchmark (median of ${runs} runs; each run a fresh process; targets: plan ≤ 2× raw read, < 10 s, < 250 MB)`);
console.log('raw read: the same stored-obligation rows, filter and order, straight through the driver; recompute all: every case\'s obligations computed and stored again');
for (const r of table) console.log(r.map((cell, i) => cell.padStart(widths[i]!)).join('  '));
if (!withPg) console.log(`PostgreSQL not reachable at ${pgServer}: only SQLite measured.`);
if (process.env.BENCH_JSON) console.log(JSON.stringify({ bench: 'plan', rows: figures }));
