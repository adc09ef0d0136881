// Runs certbell instances as separate processes (test/support/fault-worker.ts) against one database
// and the local fakes, kills them with SIGKILL at seeded random moments, and counts what the fakes
// received against what the outbox says was sent: the crash and several-instance tests, and
// `npm run test:faults` with more runs, share it.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { generateCases, seedPostgres, seedSqlite } from '../../bench/seed.js';
import { packagedHolidayData } from '../../src/adapters/calendar/holiday-data.js';
import { addDays, compareDates } from '../../src/domain/calendar/calendar-date.js';
import { createCaseRepository } from '../../src/adapters/db/case-repository.js';
import { defaultPolicy } from '../../src/domain/policy.js';
import { WorkingDayCalendar } from '../../src/domain/calendar/working-days.js';
import { startFakeSmtp, type FakeSmtpServer } from '../fakes/fake-smtp.js';
import { FAKE_TELEGRAM_TOKEN, startFakeTelegram, type FakeTelegram } from '../fakes/fake-telegram.js';
import { createTestDatabase, type TestDatabase } from './databases.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

export type SeededCases = ReturnType<typeof generateCases>;

/** The same cases for every world of a test, so that a reference run and a faulty run can be compared row by row. */
export function faultCases(count: number): SeededCases {
  return generateCases(count);
}

export interface FaultWorld {
  readonly database: TestDatabase;
  readonly telegram: FakeTelegram;
  readonly smtp: FakeSmtpServer;
  close(): Promise<void>;
}

/** A migrated database holding `cases` (every other contact with a bound chat), its obligations computed, and fresh fakes. */
export async function createFaultWorld(kind: 'sqlite' | 'postgres', cases: SeededCases): Promise<FaultWorld> {
  const database = await createTestDatabase(kind);
  if (kind === 'sqlite') seedSqlite(new URL(database.url).pathname, cases, true);
  else await seedPostgres(database.url, cases, true);
  const now = new Date().toISOString();
  const chats = cases.cases.filter((_, i) => i % 2 === 0).map((c, i) => [String(700_000 + i), `contact-${c.id}`, 'active', now, now]);
  await database.db.raw.transaction((tx) => tx.insertMany('ContactChat', ['chatId', 'contactId', 'status', 'boundAt', 'updatedAt'], chats));
  const calendar = new WorkingDayCalendar(packagedHolidayData());
  await createCaseRepository(database.db, { calendar, policy: defaultPolicy }).refreshObligations('faults');
  const telegram = await startFakeTelegram();
  const smtp = await startFakeSmtp();
  return {
    database,
    telegram,
    smtp,
    async close() {
      await telegram.close();
      await smtp.stop();
      await database.drop();
    },
  };
}

export interface WorkerRun {
  readonly instance: string;
  /** The sweep ticks this process ran. */
  readonly ticks: string[];
  /** The days it finished dispatching. */
  readonly daysDone: string[];
  /** Lockstep only: lets the worker start its next day. */
  go(): void;
  /** Resolves once the worker has finished dispatching `day`. */
  dayDone(day: string): Promise<void>;
  readonly exit: Promise<number | null>;
  /** Resolves when the process has opened the database and is about to work. */
  readonly ready: Promise<void>;
  kill(): void;
}

export function startWorker(world: FaultWorld, instance: string, days: { first: string; last: string }, lockstep = false): WorkerRun {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/fault-worker.ts'], {
    cwd: root,
    env: {
      ...process.env,
      TZ: 'UTC',
      DATABASE_URL: world.database.url,
      WORKER_INSTANCE: instance,
      WORKER_FIRST_DAY: days.first,
      WORKER_LAST_DAY: days.last,
      WORKER_LOCKSTEP: lockstep ? '1' : '0',
      WORKER_TELEGRAM_TOKEN: FAKE_TELEGRAM_TOKEN,
      WORKER_TELEGRAM_API_ROOT: world.telegram.url,
      WORKER_SMTP_URL: world.smtp.url,
    },
    stdio: [lockstep ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  const ticks: string[] = [];
  const daysDone: string[] = [];
  const dayListeners: (() => void)[] = [];
  let stderr = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  let buffered = '';
  if (!child.stdout || !child.stderr) throw new Error('fault worker: no output pipes');
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
      const line = JSON.parse(buffered.slice(0, end)) as { ready?: boolean; tick?: string; dayDone?: string };
      buffered = buffered.slice(end + 1);
      if (line.ready) markReady();
      if (line.tick) ticks.push(line.tick);
      if (line.dayDone) {
        daysDone.push(line.dayDone);
        for (const listener of dayListeners.splice(0)) listener();
      }
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exit = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      markReady();
      for (const listener of dayListeners.splice(0)) listener();
      if (code !== 0 && code !== null) process.stderr.write(`fault worker ${instance} exited with ${code}:\n${stderr}\n`);
      resolve(code);
    }),
  );
  const dayDone = async (day: string): Promise<void> => {
    while (!daysDone.includes(day) && child.exitCode === null) await new Promise<void>((resolve) => dayListeners.push(resolve));
  };
  return { instance, ticks, daysDone, exit, ready, go: () => child.stdin?.write('go\n'), dayDone, kill: () => child.kill('SIGKILL') };
}

/** Several instances over the same days, each day begun for all of them together, as one shared clock would. */
export async function runInLockstep(world: FaultWorld, instances: readonly string[], days: { first: string; last: string }): Promise<WorkerRun[]> {
  const workers = instances.map((instance) => startWorker(world, instance, days, true));
  await Promise.all(workers.map((w) => w.ready));
  for (let day = days.first; compareDates(day, days.last) <= 0; day = addDays(day, 1)) {
    for (const worker of workers) worker.go();
    await Promise.all(workers.map((w) => w.dayDone(day)));
  }
  return workers;
}

/** A deterministic pseudo-random sequence (mulberry32), so that a failing seed can be rerun. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * Runs one instance over the days, killing it `kills` times at moments drawn from `seed` (up to
 * `withinMs` after it is ready), restarting it each time, until a run reaches the last day.
 */
export async function runWithKills(
  world: FaultWorld,
  days: { first: string; last: string },
  options: { seed: number; kills: number; withinMs: number },
): Promise<{ kills: number; ticks: string[]; workMs: number }> {
  const random = seeded(options.seed);
  const ticks: string[] = [];
  let kills = 0;
  let workMs = 0;
  for (let run = 0; ; run++) {
    const worker = startWorker(world, `run-${run}`, days);
    await worker.ready;
    const readyAt = performance.now();
    void worker.exit.then(() => (workMs += performance.now() - readyAt));
    if (kills < options.kills) {
      // Each run gets on average half of its share of the work done before its kill, so that all
      // the kills land before the work is over, spread from the first sweep to the last delivery.
      const delay = (random() * options.withinMs) / options.kills;
      const exited = await Promise.race([worker.exit.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), delay))]);
      if (!exited) {
        worker.kill();
        kills++;
      }
      await worker.exit;
      ticks.push(...worker.ticks);
      if (exited) return { kills, ticks, workMs };
      continue;
    }
    const code = await worker.exit;
    ticks.push(...worker.ticks);
    if (code !== 0) throw new Error(`the last run exited with ${code}`);
    return { kills, ticks, workMs };
  }
}

export interface Deliveries {
  /** Outbox rows recorded as sent, by key. */
  readonly sentKeys: Set<string>;
  /** The simulated day (UTC) each row was sent on, by key. */
  readonly sentOn: Map<string, string>;
  /** Rows not in a final state (pending or sending) at the end: lost if any. */
  readonly unfinished: number;
  /** Messages each address received at the fakes. */
  readonly received: Map<string, number>;
  /** Messages the outbox recorded as sent to each address. */
  readonly recorded: Map<string, number>;
}

export async function deliveries(world: FaultWorld): Promise<Deliveries> {
  const sentAt = world.database.db.kind === 'postgres' ? `(extract(epoch from "sentAt") * 1000)::float8` : '"sentAt"';
  const rows = await world.database.db.raw.rows<{ key: string; address: string; status: string; sentAt: string | number | null }>(`SELECT key, address, status, ${sentAt} AS "sentAt" FROM "OutboxMessage"`);
  const count = (values: string[]) => values.reduce((map, v) => map.set(v, (map.get(v) ?? 0) + 1), new Map<string, number>());
  return {
    sentKeys: new Set(rows.filter((r) => r.status === 'sent').map((r) => r.key)),
    sentOn: new Map(rows.filter((r) => r.sentAt !== null).map((r) => [r.key, new Date(r.sentAt as string | number).toISOString().slice(0, 10)])),
    unfinished: rows.filter((r) => r.status === 'pending' || r.status === 'sending').length,
    received: count([...world.telegram.sent.map((m) => String(m.chatId)), ...world.smtp.received.flatMap((m) => m.envelope.to)]),
    recorded: count(rows.filter((r) => r.status === 'sent').map((r) => r.address)),
  };
}

/** Messages a provider received beyond what the outbox recorded as sent: each is a resend of the one in flight at a kill. */
export function duplicates(d: Deliveries): number {
  let extra = 0;
  for (const [address, received] of d.received) extra += Math.max(0, received - (d.recorded.get(address) ?? 0));
  return extra;
}

/** Addresses that received fewer messages than the outbox says were sent to them (should never happen). */
export function shortfalls(d: Deliveries): string[] {
  return [...d.recorded].filter(([address, recorded]) => (d.received.get(address) ?? 0) < recorded).map(([address]) => address);
}
