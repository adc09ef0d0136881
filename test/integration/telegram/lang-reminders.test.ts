// A chat's /lang choice carries over to the reminders sent to that chat; email keeps the contact's language.
import { afterEach, describe, expect, it } from 'vitest';
import { importCases } from '../../../src/app/import-cases.js';
import { sweepReminders } from '../../../src/app/sweep-reminders.js';
import { parseConfig } from '../../../src/config/index.js';
import { createReminderWorld } from '../../support/reminder-world.js';
import { caseItems, CASES } from './assistant-world.js';

describe.each(['sqlite', 'postgres'] as const)('reminders follow /lang on %s', (kind) => {
  let world: Awaited<ReturnType<typeof createReminderWorld>>;
  afterEach(async () => world?.close());

  it('CN-12: the annual inspection reminder to a chat that chose English is enqueued in English', async () => {
    world = await createReminderWorld(kind, '2026-11-10T01:00:00.000Z');
    expect((await importCases(world.deps, caseItems.filter((c) => c.header.ref === CASES.beijing.ref), 'test')).ok).toBe(true);
    await world.bindChat(CASES.beijing.email, '1001');
    await world.database.db.prisma.chatSetting.create({ data: { chatId: '1001', locale: 'en', updatedAt: new Date() } });
    await sweepReminders(world.deps, { asOf: '2026-11-10' });
    const rows = await world.deps.outbox.list({ caseRef: CASES.beijing.ref });
    expect(rows.map((r) => [r.channel, r.address, r.locale])).toEqual([['telegram', '1001', 'en']]);
    // Without the chat's choice, the contact's own language.
    await world.database.db.prisma.chatSetting.deleteMany();
    await world.database.db.prisma.outboxMessage.deleteMany();
    await sweepReminders(world.deps, { asOf: '2026-11-10' });
    expect((await world.deps.outbox.list({ caseRef: CASES.beijing.ref })).map((r) => r.locale)).toEqual(['zh-CN']);
  });
});

describe('Telegram configuration', () => {
  it('webhook mode needs its URL and secret, and never echoes a value', () => {
    const env = { TELEGRAM_BOT_TOKEN: '123:secret-token', TELEGRAM_MODE: 'webhook' };
    expect(() => parseConfig(env)).toThrow('TELEGRAM_WEBHOOK_URL: required when TELEGRAM_MODE is webhook; TELEGRAM_WEBHOOK_SECRET: required when TELEGRAM_MODE is webhook');
    expect(() => parseConfig({ ...env, TELEGRAM_WEBHOOK_URL: 'https://x.example/h', TELEGRAM_WEBHOOK_SECRET: 'short' })).toThrow(/TELEGRAM_WEBHOOK_SECRET: expected 16/);
    try {
      parseConfig({ ...env, TELEGRAM_WEBHOOK_SECRET: 'short' });
    } catch (error) {
      expect(String(error)).not.toContain('secret-token');
      expect(String(error)).not.toContain('short');
    }
    const config = parseConfig({ ...env, TELEGRAM_WEBHOOK_URL: 'https://x.example/h', TELEGRAM_WEBHOOK_SECRET: 'a'.repeat(32), TELEGRAM_BOT_USERNAME: '@certbell_bot' });
    expect(config.telegram).toEqual({ botUsername: 'certbell_bot', mode: 'webhook', webhookUrl: 'https://x.example/h', webhookHost: '0.0.0.0', webhookPort: 8443, inviteDays: 7 });
    expect(parseConfig({}).telegram).toMatchObject({ mode: 'polling', inviteDays: 7, botUsername: null });
  });
});
