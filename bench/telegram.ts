// The Telegram side of `npm run bench`: how fast the applicants' assistant answers /status with
// 10,000 cases in the database, against the local fake Bot API. Latency is the in-process handling
// of one update (telegraf middleware, database reads, the receipt write and the sendMessage call to
// the fake on 127.0.0.1); throughput is updates handled a second through real long polling.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Update } from 'telegraf/types';
import { packagedHolidayData } from '../src/adapters/calendar/holiday-data.js';
import { createCaseRepository } from '../src/adapters/db/case-repository.js';
import { createChatDirectory } from '../src/adapters/db/chat-directory.js';
import { openDatabase } from '../src/adapters/db/connect.js';
import { createInboundReceipts } from '../src/adapters/db/inbound-receipts.js';
import { createInvitationRepository } from '../src/adapters/db/invitation-repository.js';
import { deployMigrations } from '../src/adapters/db/migrator.js';
import { startAssistant } from '../src/adapters/telegram/bot.js';
import { SendRateLimiter } from '../src/app/rate-limiter.js';
import type { AssistantDeps } from '../src/app/answer-applicant.js';
import { defaultPolicy } from '../src/domain/policy.js';
import { WorkingDayCalendar } from '../src/domain/calendar/working-days.js';
import { startFakeTelegram } from '../test/fakes/fake-telegram.js';
import { generateCases, seedSqlite } from './seed.js';
import { silentLogger } from '../src/app/logger.js';
import type { Logger } from '../src/app/logger.js';

const CASES = Number(process.env.BENCH_TELEGRAM_CASES ?? 10_000);
const CHATS = 2_000;
const LATENCY_SAMPLES = 2_000;
const THROUGHPUT_UPDATES = 5_000;

const quiet: Logger = { ...silentLogger, error: (fields) => console.error(fields) };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'certbell-bench-telegram-'));
  const file = join(dir, 'telegram.db');
  const url = `file:${file}`;
  const fake = await startFakeTelegram();
  try {
    await deployMigrations(url);
    const data = generateCases(CASES);
    seedSqlite(file, data, true);
    const db = await openDatabase(url);
    const calendar = new WorkingDayCalendar(packagedHolidayData());
    const deps: AssistantDeps = {
      cases: createCaseRepository(db, { calendar, policy: defaultPolicy }),
      clock: { now: () => new Date() },
      calendar,
      policy: defaultPolicy,
      zone: 'Asia/Shanghai',
      invitations: createInvitationRepository(db),
      chats: createChatDirectory(db),
    };
    await deps.cases.refreshObligations('bench');
    // Chats 1…CHATS bound to the contacts of cases spread over the whole table.
    const at = new Date().toISOString();
    const step = Math.floor(data.cases.length / CHATS);
    await db.raw.transaction((tx) =>
      tx.insertMany('ContactChat', ['chatId', 'contactId', 'status', 'boundAt', 'updatedAt'], Array.from({ length: CHATS }, (_, i) => [String(i + 1), `contact-${data.cases[i * step]!.id}`, 'active', at, at])),
    );

    // No flood limit: the benchmark is one script sending as fast as it can.
    // Nor Telegram's send limits: the fake does not enforce them here, and the figure is certbell's own cost.
    const running = await startAssistant({
      token: fake.token,
      apiRoot: fake.url,
      deps,
      receipts: createInboundReceipts(db),
      log: quiet,
      mode: 'polling',
      floodLimits: { maxFailures: 1e9, windowMs: 1 },
      limiter: new SendRateLimiter({ perSecond: 1e9, perChatIntervalMs: 0, marginMs: 0 }),
    });
    const { bot } = running;
    /** One update handled to its answer: handing over returns at once, the chat's queue answers. */
    const handled = async (update: Update) => {
      await bot.handleUpdate(update);
      await running.idle(60_000);
    };
    // Far above the ids the fake gives polled updates: a reused id would be skipped as a replay.
    let nextUpdate = 10_000_000;
    const status = (chat: number): Update =>
      ({
        update_id: nextUpdate++,
        message: { message_id: nextUpdate, date: Math.floor(Date.now() / 1000), chat: { id: chat, type: 'private', first_name: 'B' }, from: { id: chat, is_bot: false, first_name: 'B', language_code: 'zh' }, text: '/status', entities: [{ type: 'bot_command', offset: 0, length: 7 }] },
      }) as Update;

    // Warm-up: JIT, prepared statements, Prisma's first queries.
    for (let i = 0; i < 200; i++) await handled(status((i % CHATS) + 1));
    const latencies: number[] = [];
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      const update = status(((i * 7) % CHATS) + 1);
      const started = performance.now();
      await handled(update);
      latencies.push(performance.now() - started);
    }
    latencies.sort((a, b) => a - b);
    const median = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);

    // Throughput through real long polling: a backlog of /status updates from every chat.
    fake.sent.length = 0;
    for (let i = 0; i < THROUGHPUT_UPDATES; i++) fake.pushText((i % CHATS) + 1, '/status', { language_code: i % 2 ? 'en' : 'zh' });
    const started = performance.now();
    await fake.waitForSent(THROUGHPUT_UPDATES, 120_000);
    const seconds = (performance.now() - started) / 1000;
    await running.stop();
    const perSecond = THROUGHPUT_UPDATES / seconds;
    await db.close();

    const rows = [
      ['cases', 'chats', '/status median ms', 'p99 ms', 'updates/s', 'target (≤5 ms, ≤25 ms, ≥500/s)'],
      [String(CASES), String(CHATS), median.toFixed(2), p99.toFixed(2), perSecond.toFixed(0), median <= 5 && p99 <= 25 && perSecond >= 500 ? 'met' : 'MISSED'],
    ];
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    console.log(`Telegram assistant (SQLite, ${LATENCY_SAMPLES} /status updates handled one by one, then ${THROUGHPUT_UPDATES} through long polling)`);
    for (const r of rows) console.log(r.map((cell, i) => cell.padStart(widths[i]!)).join('  '));
  } finally {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
