// The reminder side of `npm run bench`: how long a sweep of 100,000 cases takes, and how many
// messages a second the dispatcher delivers to a local fake Bot API that enforces Telegram's limits.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { packagedHolidayData } from '../src/adapters/calendar/holiday-data.js';
import { createCaseRepository } from '../src/adapters/db/case-repository.js';
import { openDatabase } from '../src/adapters/db/connect.js';
import type { Database } from '../src/adapters/db/connect.js';
import { deployMigrations } from '../src/adapters/db/migrator.js';
import { createEmailDelivery } from '../src/adapters/email/email-delivery.js';
import { createTelegramDelivery } from '../src/adapters/telegram/telegram-delivery.js';
import { dispatchOutbox } from '../src/app/dispatch-outbox.js';
import type { DispatchDeps } from '../src/app/dispatch-outbox.js';
import { sweepReminders } from '../src/app/sweep-reminders.js';
import { defaultPolicy } from '../src/domain/policy.js';
import { WorkingDayCalendar } from '../src/domain/calendar/working-days.js';
import { reminderDeps } from '../src/compose/reminders.js';
import { createStores } from '../src/compose/stores.js';
import { startFakeTelegram } from '../test/fakes/fake-telegram.js';
import { generateCases, seedPostgres, seedSqlite } from './seed.js';

const sizes = (process.env.BENCH_SWEEP_CASES ?? '10000,100000').split(',').map(Number);
const pgServer = process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const calendar = new WorkingDayCalendar(packagedHolidayData());

function depsFor(db: Database, now: () => Date, channels: DispatchDeps['channels']): DispatchDeps {
  const base = { cases: createCaseRepository(db, { calendar, policy: defaultPolicy }), clock: { now }, calendar, policy: defaultPolicy, zone: 'Asia/Shanghai' };
  return reminderDeps(base, createStores(db, base), { channels, dispatch: { quietHours: null, batchSize: 100 } });
}

/** For bench/all.ts (BENCH_JSON=1): the same figures as numbers. */
const sweepFigures: { database: string; cases: number; dailyMs: number; firstMs: number; firstEnqueued: number }[] = [];

async function measureSweeps(url: string, database: string, size: number): Promise<string[]> {
  const db = await openDatabase(url);
  try {
    const deps = depsFor(db, () => new Date('2026-11-21T01:00:00Z'), { email: createEmailDelivery({ smtpUrl: 'smtp://127.0.0.1:9', from: 'bench@example.cn' }) });
    await deps.cases.refreshObligations('bench');
    let started = performance.now();
    const first = await sweepReminders(deps, { asOf: '2026-11-21' });
    const firstMs = performance.now() - started;
    started = performance.now();
    // As the scheduler runs it: only what fell due since the last sweep that finished.
    const next = await sweepReminders(deps, { asOf: '2026-11-22', since: '2026-11-21' });
    const nextMs = performance.now() - started;
    sweepFigures.push({ database, cases: size, dailyMs: nextMs, firstMs, firstEnqueued: first.enqueued });
    return [String(size), `${nextMs.toFixed(0)} (${next.enqueued} new)`, `${firstMs.toFixed(0)} (${first.enqueued} new)`, nextMs < 10_000 && firstMs < 10_000 ? 'met' : 'MISSED'];
  } finally {
    await db.close();
  }
}

let dispatchFigures: { messages: number; seconds: number; perSecond: number; rejected: number } | null = null;

async function measureDispatch(messages: number): Promise<string[]> {
  const fake = await startFakeTelegram({ enforceLimits: true });
  const dir = mkdtempSync(join(tmpdir(), 'certbell-bench-'));
  const url = `file:${join(dir, 'dispatch.db')}`;
  try {
    await deployMigrations(url);
    const db = await openDatabase(url);
    const deps = depsFor(db, () => new Date(), { telegram: createTelegramDelivery({ token: fake.token, apiRoot: fake.url }) });
    const now = new Date();
    // One due reminder per chat, written straight into the outbox: this measures delivery, not sweeping.
    await db.raw.transaction(async (tx) => {
      const cases = Array.from({ length: messages }, (_, i) => `CN-D-${i}`);
      await tx.insertMany('Organization', ['id', 'name', 'province', 'createdAt', 'updatedAt'], [['org', 'Bench Org', '北京', now.toISOString(), now.toISOString()]]);
      await tx.insertMany('Case', ['id', 'ref', 'scheme', 'organizationId', 'serviceType', 'level', 'stage', 'snapshot', 'version', 'createdAt', 'updatedAt'], cases.map((ref) => [ref, ref, 'cnce-ns', 'org', 'risk-assessment', 1, 'pledge', JSON.stringify({ scheme: 'cnce-ns', stage: 'pledge', level: 1, serviceType: 'risk-assessment', lastEventOn: '2026-11-10', certificate: null, on: { noticeEnded: '2026-11-10' }, marks: {} }), 1, now.toISOString(), now.toISOString()]));
    });
    await deps.cases.refreshObligations('bench');
    const obligations: { caseRef: string; occurrence: string }[] = [];
    for await (const page of deps.cases.obligations({ asOf: '2026-11-20' })) obligations.push(...page);
    await deps.outbox.enqueue(
      obligations.map((o, i) => ({ key: `${o.caseRef}|b|telegram`, reminder: `${o.caseRef}|b`, purpose: 'reminder' as const, detail: null, caseRef: o.caseRef, kind: 'pledge', occurrence: o.occurrence, step: 'opens', contactId: `c${i}`, channel: 'telegram', address: String(5000 + i), locale: 'zh-CN', status: 'pending', lastError: null, notBefore: now })),
      now,
    );
    const started = Date.now();
    while ((await deps.outbox.list({ status: 'pending', limit: 1 })).length) await dispatchOutbox(deps, 'bench');
    const seconds = (Date.now() - started) / 1000;
    const rejected = fake.calls.filter((c) => c.method === 'sendMessage' && c.status === 429).length;
    await db.close();
    const perSecond = fake.sent.length / seconds;
    dispatchFigures = { messages: fake.sent.length, seconds, perSecond, rejected };
    return [String(fake.sent.length), seconds.toFixed(1), perSecond.toFixed(1), `${((perSecond / 30) * 100).toFixed(0)}%`, String(rejected), perSecond >= 28.5 && rejected === 0 ? 'met' : 'MISSED'];
  } finally {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function print(title: string, table: string[][]): void {
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
  console.log(title);
  for (const r of table) console.log(r.map((cell, i) => cell.padStart(widths[i]!)).join('  '));
}

const sweeps: string[][] = [['database', 'cases', 'daily sweep ms', 'first sweep after importing every case ms', 'target: both < 10 s']];
const admin = new pg.Client({ connectionString: pgServer, connectionTimeoutMillis: 2000 });
const reachable = await admin.connect().then(
  () => true,
  () => false,
);
for (const size of sizes) {
  const data = generateCases(size);
  const dir = mkdtempSync(join(tmpdir(), 'certbell-bench-'));
  try {
    const url = `file:${join(dir, 'sweep.db')}`;
    await deployMigrations(url);
    seedSqlite(join(dir, 'sweep.db'), data, true);
    sweeps.push(['sqlite', ...(await measureSweeps(url, 'sqlite', size))]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (reachable) {
    const name = `certbell_bench_sweep_${process.pid}`;
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(pgServer);
    url.pathname = `/${name}`;
    try {
      await deployMigrations(url.toString());
      await seedPostgres(url.toString(), data, true);
      sweeps.push(['postgres', ...(await measureSweeps(url.toString(), 'postgres', size))]);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  }
}
if (reachable) await admin.end();
print('\nReminder sweep: the daily sweep enqueues what fell due since the last one; the first after an import enqueues every obligation\'s latest due step at once', sweeps);
print('\nDispatcher to a local fake Bot API enforcing 30 messages/s and 1/s per chat (target: at least 95% of 30/s, no 429)', [
  ['messages', 'seconds', 'per second', 'of limit', '429s', 'target'],
  await measureDispatch(Number(process.env.BENCH_DISPATCH_MESSAGES ?? 600)),
]);
if (process.env.BENCH_JSON) console.log(JSON.stringify({ bench: 'reminders', sweeps: sweepFigures, dispatch: dispatchFigures, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
