// The dispatcher through the real channel adapters over real protocols on 127.0.0.1: telegraf to a
// fake Bot API that enforces Telegram's limits, nodemailer to a local SMTP server. A 429 storm, a chat
// that blocked the bot and an SMTP outage lose nothing and send nothing twice.
import { afterEach, describe, expect, it } from 'vitest';
import { createEmailDelivery } from '../../../src/adapters/email/email-delivery.js';
import { createTelegramDelivery } from '../../../src/adapters/telegram/telegram-delivery.js';
import { dispatchOutbox } from '../../../src/app/dispatch-outbox.js';
import type { DispatchDeps } from '../../../src/app/dispatch-outbox.js';
import { importCases } from '../../../src/app/import-cases.js';
import { limitersFor } from '../../../src/app/rate-limiter.js';
import { sweepReminders } from '../../../src/app/sweep-reminders.js';
import { startFakeSmtp } from '../../fakes/fake-smtp.js';
import type { FakeSmtpServer } from '../../fakes/fake-smtp.js';
import { startFakeTelegram } from '../../fakes/fake-telegram.js';
import type { FakeTelegram } from '../../fakes/fake-telegram.js';
import { pledgeCase } from '../../support/histories.js';
import { createReminderWorld } from '../../support/reminder-world.js';

const SERIES = { ref: 'CN-P', digits: 2, organization: '承诺测试公司', mailbox: 'p' };
describe('reminders through the real Telegram and email adapters', () => {
  let world: Awaited<ReturnType<typeof createReminderWorld>> | undefined;
  let telegram: FakeTelegram | undefined;
  let smtp: FakeSmtpServer | undefined;
  afterEach(async () => {
    await world?.close();
    await telegram?.close();
    await smtp?.close();
  });

  it('delivers every reminder exactly once through a 429 storm, a blocked chat and an SMTP outage', { timeout: 60_000 }, async () => {
    telegram = await startFakeTelegram({ enforceLimits: true });
    smtp = await startFakeSmtp();
    world = await createReminderWorld('sqlite', new Date().toISOString());
    // Real time here: the fake Bot API measures Telegram's limits on the wall clock.
    const channels = {
      telegram: createTelegramDelivery({ token: telegram.token, apiRoot: telegram.url }),
      email: createEmailDelivery({ smtpUrl: smtp.url, from: 'certbell <certbell@example.cn>' }),
    };
    const deps: DispatchDeps = {
      ...world.deps,
      clock: { now: () => new Date() },
      channels,
      dispatch: { ...world.deps.dispatch, quietHours: null, backoffBaseMs: 100, backoffCapMs: 400, batchSize: 100 },
      limiters: limitersFor(channels),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    };
    expect((await importCases(deps, Array.from({ length: 40 }, (_, i) => pledgeCase(SERIES, i + 1)), 'test')).ok).toBe(true);
    for (let i = 1; i <= 40; i++) await world.bindChat(`p${i}@example.cn`, String(1000 + i));
    telegram.blockChat(1040);

    // CN-9: notice ended 2026-11-10; on 2026-11-20 the pledge reminder of 11-19 is due for all 40.
    expect((await sweepReminders(deps, { asOf: '2026-11-20' })).enqueued).toBe(40);
    telegram.failNext('sendMessage', { code: 429, retryAfter: 1 }, 5);
    await smtp.stop();

    const deadline = Date.now() + 40_000;
    let smtpBack = false;
    while (Date.now() < deadline) {
      await dispatchOutbox(deps, 'a');
      const open = [...(await deps.outbox.list({ status: 'pending' })), ...(await deps.outbox.list({ status: 'sending' }))];
      if (!open.length) break;
      // The blocked chat's email fallback is retrying against the stopped server; bring it back.
      if (!smtpBack && (await deps.outbox.list({})).some((e) => e.channel === 'email' && e.attempts >= 2)) {
        await smtp.start();
        smtpBack = true;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    const chats = telegram.sent.map((m) => m.chatId).sort((a, b) => Number(a) - Number(b));
    expect(chats).toEqual(Array.from({ length: 39 }, (_, i) => 1001 + i));
    expect(telegram.sent[0]?.text).toContain('【certbell】签订承诺书须于 2026-12-10 前完成');
    // Only the five injected 429s: the dispatcher itself never went over Telegram's limits.
    expect(telegram.calls.filter((c) => c.method === 'sendMessage' && c.status === 429)).toHaveLength(5);
    expect(smtpBack).toBe(true);
    expect(smtp.received.map((m) => m.envelope.to)).toEqual([['p40@example.cn']]);
    expect(smtp.received[0]?.mail.subject).toBe('【certbell】签订承诺书须于 2026-12-10 前完成（CN-P-40）');
    const rows = await deps.outbox.list({});
    expect(rows.filter((r) => r.status === 'sent')).toHaveLength(40);
    expect(rows.filter((r) => r.status === 'failed').map((r) => [r.address, r.lastError?.startsWith('blocked')])).toEqual([['1040', true]]);
  });
});
