// One measurement in a fresh process, so that peak memory belongs to it alone:
//   tsx bench/measure-plan.ts <raw|plan> <DATABASE_URL>
import Database from 'better-sqlite3';
import pg from 'pg';
import { packagedHolidayData } from '../src/adapters/calendar/holiday-data.js';
import { createCaseRepository } from '../src/adapters/db/case-repository.js';
import { openDatabase } from '../src/adapters/db/connect.js';
import { parseDatabaseUrl } from '../src/adapters/db/database-url.js';
import { planPages } from '../src/app/plan-obligations.js';
import { defaultPolicy } from '../src/domain/policy.js';
import { WorkingDayCalendar } from '../src/domain/calendar/working-days.js';

const [what, url] = process.argv.slice(2);
if (!url || (what !== 'raw' && what !== 'plan')) throw new Error('usage: measure-plan.ts <raw|plan> <DATABASE_URL>');
// The same rows, filter and order as a plan's read of the stored obligations.
const asOf = '2026-11-21';
const columns = '"caseRef", scheme, kind, audience, occurrence, "opensOn", "dueOn", "shownFrom", counting, rules, "estimatedYears", explanation';
const where = '("shownFrom" IS NULL OR "shownFrom" <= \'2026-11-21\')';

async function raw(): Promise<number> {
  const target = parseDatabaseUrl(url as string);
  if (target.kind === 'sqlite') {
    const db = new Database(target.file, { readonly: true });
    const rows = db.prepare(`SELECT ${columns} FROM "Obligation" WHERE ${where} ORDER BY "dueOn", "caseRef", kind, occurrence`).all();
    db.close();
    return rows.length;
  }
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  const result = await client.query(`SELECT ${columns} FROM "Obligation" WHERE ${where} ORDER BY "dueOn", "caseRef" COLLATE "C", kind COLLATE "C", occurrence COLLATE "C"`);
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
  // As `certbell plan` does: page by page, each page used and let go.
  let count = 0;
  for await (const page of planPages(deps, { asOf }).pages) count += page.length;
  await db.close();
  return count;
}

const started = performance.now();
const count = what === 'raw' ? await raw() : await plan();
const ms = performance.now() - started;
process.stdout.write(JSON.stringify({ what, count, ms, peakRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
