// One measurement in a fresh process, so that peak memory belongs to it alone:
//   tsx bench/measure-plan.ts <raw|plan> <DATABASE_URL>
import Database from 'better-sqlite3';
import pg from 'pg';
import { packagedHolidayData } from '../src/adapters/calendar/holiday-data.js';
import { createCaseRepository } from '../src/adapters/db/case-repository.js';
import { openDatabase } from '../src/adapters/db/connect.js';
import { parseDatabaseUrl } from '../src/adapters/db/database-url.js';
import { planAll } from '../src/app/plan-obligations.js';
import { defaultPolicy } from '../src/domain/policy.js';
import { WorkingDayCalendar } from '../src/domain/working-days.js';

const [what, url] = process.argv.slice(2);
if (!url || (what !== 'raw' && what !== 'plan')) throw new Error('usage: measure-plan.ts <raw|plan> <DATABASE_URL>');
const sql = 'SELECT ref, "organizationId", snapshot FROM "Case" ORDER BY "organizationId", ref';

async function raw(): Promise<number> {
  const target = parseDatabaseUrl(url as string);
  if (target.kind === 'sqlite') {
    const db = new Database(target.file, { readonly: true });
    let n = 0;
    for (const row of db.prepare(sql).iterate()) if (row) n++;
    db.close();
    return n;
  }
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  const result = await client.query(sql);
  await client.end();
  return result.rowCount ?? 0;
}

async function plan(): Promise<number> {
  const db = await openDatabase(url as string);
  const calendar = new WorkingDayCalendar(packagedHolidayData());
  const deps = {
    cases: createCaseRepository(db, { calendar, policy: defaultPolicy }),
    clock: { now: () => new Date('2026-11-21T02:00:00Z') },
    calendar,
    policy: defaultPolicy,
    zone: 'Asia/Shanghai',
  };
  const result = await planAll(deps, { asOf: '2026-11-21' });
  await db.close();
  return result.obligations.length;
}

const started = performance.now();
const count = what === 'raw' ? await raw() : await plan();
const ms = performance.now() - started;
process.stdout.write(JSON.stringify({ what, count, ms, peakRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
