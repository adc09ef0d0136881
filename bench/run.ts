// `npm run bench`: how long planning takes beside a raw SQL read of the same rows, and peak memory.
// Sizes: BENCH_SIZES (default "10000,100000"); PostgreSQL: BENCH_PG_URL (default the local server).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { deployMigrations } from '../src/adapters/db/migrator.js';
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

const table: string[][] = [['database', 'cases', 'obligations', 'raw read ms', 'plan ms', 'plan/raw', 'raw peak RSS MB', 'plan peak RSS MB', 'targets']];

function row(database: string, size: number, raw: Measurement, plan: Measurement) {
  const ratio = plan.ms / raw.ms;
  const ok = ratio <= 2 && plan.ms < 10_000 && plan.peakRssMb < 250;
  table.push([database, String(size), String(plan.count), raw.ms.toFixed(0), plan.ms.toFixed(0), ratio.toFixed(2), raw.peakRssMb.toFixed(0), plan.peakRssMb.toFixed(0), ok ? 'met' : 'MISSED']);
}

const withPg = await postgresAvailable();
for (const size of sizes) {
  const data = generateCases(size);
  const dir = mkdtempSync(join(tmpdir(), 'certbell-bench-'));
  try {
    const url = `file:${join(dir, 'bench.db')}`;
    await deployMigrations(url);
    seedSqlite(join(dir, 'bench.db'), data);
    row('sqlite', size, measure('raw', url), measure('plan', url));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (withPg) {
    await withPostgresDatabase(async (url) => {
      await deployMigrations(url);
      await seedPostgres(url, data);
      row('postgres', size, measure('raw', url), measure('plan', url));
    });
  }
}

const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
console.log(`certbell plan benchmark (median of ${runs} runs; each run a fresh process; targets: plan ≤ 2× raw read, < 10 s, < 250 MB)`);
for (const r of table) console.log(r.map((cell, i) => cell.padStart(widths[i]!)).join('  '));
if (!withPg) console.log(`PostgreSQL not reachable at ${pgServer}: only SQLite measured.`);
