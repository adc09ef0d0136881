// One certbell instance as its own process, for the crash and several-instance tests: the real
// sweep, coordinator, outbox and dispatcher over a real database, sending through real telegraf and
// nodemailer to the parent's local fakes, on a simulated clock that runs day by day.
//
// Each simulated day it does what the scheduler does at the sweep time (claim the day's tick, sweep
// from the last finished one, mark it finished), then dispatches until nothing is due. Within a day
// the clock runs at SPEED times real time, so that several instances' clocks agree as real ones do;
// with WORKER_LOCKSTEP the parent starts each day for all instances together. After a kill
// it resumes from the last finished tick, its clock some minutes past the latest lease or claim the
// killed process left, as a real restart would be: past the dispatcher's leases and the
// coordinator's stale-tick limit.
import { createInterface } from 'node:readline';
import { packagedHolidayData } from '../../src/adapters/calendar/holiday-data.js';
import { createCaseRepository } from '../../src/adapters/db/case-repository.js';
import { openDatabase } from '../../src/adapters/db/connect.js';
import { createRunCoordinator, STALE_TICK_MS } from '../../src/adapters/db/run-coordinator.js';
import { createEmailDelivery } from '../../src/adapters/email/email-delivery.js';
import { createTelegramDelivery } from '../../src/adapters/telegram/telegram-delivery.js';
import { dispatchOutbox } from '../../src/app/dispatch-outbox.js';
import { sweepReminders } from '../../src/app/sweep-reminders.js';
import { reminderDeps } from '../../src/compose/reminders.js';
import { createStores } from '../../src/compose/stores.js';
import { addDays, compareDates } from '../../src/domain/calendar/calendar-date.js';
import { defaultPolicy } from '../../src/domain/policy.js';
import { WorkingDayCalendar } from '../../src/domain/calendar/working-days.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`fault worker: ${name} is not set`);
  return value;
};

const instance = env('WORKER_INSTANCE');
const lastDay = env('WORKER_LAST_DAY');
const lockstep = process.env.WORKER_LOCKSTEP === '1';

const db = await openDatabase(env('DATABASE_URL'));
const calendar = new WorkingDayCalendar(packagedHolidayData());
const SPEED = 60;
let dayStartSim = 0;
let dayStartReal = 0;
let sleptMs = 0;
const clock = { now: () => new Date(dayStartSim + (performance.now() - dayStartReal) * SPEED + sleptMs) };
const startDay = (simMs: number) => {
  dayStartSim = simMs;
  dayStartReal = performance.now();
  sleptMs = 0;
};
const deps = reminderDeps({ cases: createCaseRepository(db, { calendar, policy: defaultPolicy }), clock, calendar, policy: defaultPolicy, zone: 'Asia/Shanghai' }, createStores(db, { calendar, policy: defaultPolicy }), {
  channels: {
    telegram: createTelegramDelivery({ token: env('WORKER_TELEGRAM_TOKEN'), apiRoot: env('WORKER_TELEGRAM_API_ROOT') }),
    email: createEmailDelivery({ smtpUrl: env('WORKER_SMTP_URL'), from: 'certbell <certbell@example.cn>' }),
  },
  dispatch: { batchSize: 5 },
  // Waiting for a rate limit moves the simulated clock instead of the real one.
  sleep: (ms) => {
    sleptMs += ms;
    return Promise.resolve();
  },
  random: () => 0.5,
});
const coordinator = createRunCoordinator(db);
const say = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ instance, ...line })}\n`);

/** The latest simulated moment a killed process recorded: its last lease or tick claim. */
async function lastActivityMs(): Promise<number> {
  const ms = (column: string, table: string) => (db.kind === 'postgres' ? `SELECT (extract(epoch from max("${column}")) * 1000)::float8 AS at FROM "${table}"` : `SELECT max("${column}") AS at FROM "${table}"`);
  const found = [...(await db.raw.rows<{ at: string | number | null }>(ms('claimedUntil', 'OutboxMessage'))), ...(await db.raw.rows<{ at: string | number | null }>(ms('startedAt', 'SchedulerRun')))];
  return Math.max(0, ...found.map((r) => (r.at === null ? 0 : typeof r.at === 'number' ? r.at : Date.parse(r.at))));
}
const resumeFloorMs = (await lastActivityMs()) + STALE_TICK_MS + 60_000;
const commands = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
say({ ready: true });

let day = (await coordinator.lastFinished('sweep')) ?? env('WORKER_FIRST_DAY');
for (; compareDates(day, lastDay) <= 0; day = addDays(day, 1)) {
  // In lockstep the parent says when the day begins, once every instance has finished the one before.
  if (lockstep && (await commands.next()).done) break;
  // 09:00 in Asia/Shanghai is 01:00 UTC.
  startDay(Math.max(Date.parse(`${day}T01:00:00Z`), resumeFloorMs));
  if (await coordinator.claim('sweep', day, instance, clock.now())) {
    const result = await sweepReminders(deps, { asOf: day, since: await coordinator.lastFinished('sweep') });
    await coordinator.finish('sweep', day, clock.now());
    say({ tick: day, enqueued: result.enqueued });
  }
  // Nobody dispatches a day before its sweep ran.
  while (lockstep && compareDates((await coordinator.lastFinished('sweep')) ?? '0000-01-01', day) < 0) await pause(10);
  for (let idle = 0; idle < 3; ) {
    const report = await dispatchOutbox(deps, instance);
    idle = report.sent + report.retried + report.held + report.failed + report.cancelled === 0 ? idle + 1 : 0;
    // Rows held for a chat's one-a-second limit come due as the clock moves on (20 ms is 1.2 s here).
    await pause(20);
  }
  say({ dayDone: day });
}
say({ done: true });
await db.close();
process.exit(0);

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
