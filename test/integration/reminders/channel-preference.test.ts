// Which channel a reminder takes follows CERTBELL_CHANNEL_PREFERENCE, and where it goes when a channel
// answers `blocked` follows the preference and the channel's own policy, never a channel's name.
// Real databases; channels that record at the port and declare what the real adapters declare.
import { afterEach, describe, expect, it } from 'vitest';
import { dispatchOutbox } from '../../../src/app/dispatch-outbox.js';
import { importCases } from '../../../src/app/import-cases.js';
import { sweepReminders } from '../../../src/app/sweep-reminders.js';
import { emailPolicy } from '../../../src/adapters/email/email-delivery.js';
import { telegramPolicy } from '../../../src/adapters/telegram/telegram-delivery.js';
import { parseConfig } from '../../../src/config/index.js';
import { certified, createReminderWorld, nine, RecordingChannel } from '../../support/reminder-world.js';

type World = Awaited<ReturnType<typeof createReminderWorld>>;

const preference = (value: string) => parseConfig({ CERTBELL_CHANNEL_PREFERENCE: value }).reminders.channelPreference;
const blocked = () => ({ kind: 'blocked' as const, reason: 'Forbidden: bot was blocked by the user' });

describe.each(['sqlite', 'postgres'] as const)('the channel preference on %s', (kind) => {
  let world: World;
  afterEach(async () => world?.close());

  /** CN-1's contact, with a chat when asked; 2027-03-29 is the day of its 1-day reminder (CN-12). */
  async function contact(options: { readonly chat: boolean }) {
    world = await createReminderWorld(kind, nine('2026-11-21'));
    await importCases(world.deps, [certified('CN-1', '2026-03-31', 'zhang@example.cn', 'en')], 'test');
    if (options.chat) await world.bindChat('zhang@example.cn', '1001');
    world.setNow(nine('2027-03-29'));
  }

  it('email,telegram: a contact with an active chat and an email gets the email row; the default still picks the chat', async () => {
    await contact({ chat: true });
    expect((await sweepReminders(world.deps, { dryRun: true })).reminders.map((r) => [r.channel, r.address])).toEqual([['telegram', '1001']]);
    const deps = { ...world.deps, channelPreference: preference('email,telegram') };
    const swept = await sweepReminders(deps);
    expect(swept.reminders.map((r) => [r.step, r.channel, r.address, r.locale])).toEqual([['due-1d', 'email', 'zhang@example.cn', 'en']]);
    expect(swept.reminders[0]?.key).toMatch(/\|email$/);
    expect(await dispatchOutbox(deps, 'a')).toMatchObject({ sent: 1 });
    expect(world.email.delivered.map((m) => m.address)).toEqual(['zhang@example.cn']);
    expect(world.telegram.attempts).toEqual([]);
  });

  it('telegram only: a contact without a chat gets a row with no channel, reported to staff, though email is configured', async () => {
    await contact({ chat: false });
    const deps = { ...world.deps, channelPreference: preference('telegram') };
    const swept = await sweepReminders(deps);
    expect(swept.reminders.map((r) => [r.channel, r.address, r.lastError])).toEqual([['none', '', 'no-channel']]);
    expect(await dispatchOutbox(deps, 'a')).toMatchObject({ failed: 1, reported: 1 });
  });

  it('a blocked chat falls back to the next channel of the preference, as a second row of the same reminder', async () => {
    await contact({ chat: true });
    const [row] = (await sweepReminders(world.deps)).reminders;
    world.telegram.answer(blocked);
    expect(await dispatchOutbox(world.deps, 'a')).toMatchObject({ failed: 1, fellBack: 1 });
    const fallback = (await world.deps.outbox.list({ status: 'pending' }))[0];
    expect(fallback).toMatchObject({ channel: 'email', address: 'zhang@example.cn', key: `${row?.reminder}|email`, reminder: `${row?.reminder}|fallback` });
    expect(await dispatchOutbox(world.deps, 'a')).toMatchObject({ sent: 1 });
    expect(world.email.delivered.map((m) => m.address)).toEqual(['zhang@example.cn']);
  });

  it('falls back only where the preference goes on, and only when the channel declares that a block means trying the next', async () => {
    await contact({ chat: true });
    // Nothing after telegram in the preference: the reminder fails and staff hear of it.
    const chatOnly = { ...world.deps, channelPreference: preference('telegram') };
    await sweepReminders(chatOnly);
    world.telegram.answer(blocked);
    expect(await dispatchOutbox(chatOnly, 'a')).toMatchObject({ failed: 1, fellBack: 0, reported: 1 });
    expect(world.email.delivered.map((m) => m.address)).toEqual([]);

    // The overdue notice: a chat channel that does not declare the fallback gets none, email being next.
    world.setNow(nine('2027-03-31'));
    await world.database.db.prisma.contactChat.updateMany({ data: { status: 'active' } });
    const noFallback = new RecordingChannel('telegram', world.deps.clock.now, { ...telegramPolicy, fallsBackWhenBlocked: false });
    const deps = { ...world.deps, channels: { ...world.deps.channels, telegram: noFallback } };
    expect((await sweepReminders(deps)).reminders.map((r) => [r.step, r.channel])).toEqual([['overdue', 'telegram']]);
    noFallback.answer(blocked);
    expect(await dispatchOutbox(deps, 'a')).toMatchObject({ failed: 1, fellBack: 0 });
  });

  it('a channel other than Telegram that declares the fallback falls back along the preference too (email → chat)', async () => {
    await contact({ chat: true });
    const email = new RecordingChannel('email', world.deps.clock.now, { ...emailPolicy, fallsBackWhenBlocked: true });
    const deps = { ...world.deps, channels: { ...world.deps.channels, email }, channelPreference: preference('email,telegram') };
    expect((await sweepReminders(deps)).reminders.map((r) => r.channel)).toEqual(['email']);
    email.answer(() => ({ kind: 'blocked', reason: 'mailbox closed to this sender' }));
    expect(await dispatchOutbox(deps, 'a')).toMatchObject({ failed: 1, fellBack: 1 });
    expect(await dispatchOutbox(deps, 'a')).toMatchObject({ sent: 1 });
    expect(world.telegram.delivered.map((m) => [m.address, m.key.endsWith('|telegram')])).toEqual([['1001', true]]);
  });
});
