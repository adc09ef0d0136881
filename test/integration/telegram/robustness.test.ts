// Robust operation: the webhook's secret_token, replayed updates (once across instances), one error
// boundary, 403 marking the chat blocked, 429 waited out, per-chat flood control.
import { afterEach, describe, expect, it } from 'vitest';
import { translator } from '../../../src/adapters/i18n/translator.js';
import { openDatabase } from '../../../src/adapters/db/connect.js';
import { createInboundReceipts } from '../../../src/adapters/db/inbound-receipts.js';
import { createAssistantBot } from '../../../src/adapters/telegram/bot.js';
import { CASES, createAssistantWorld, texts } from './assistant-world.js';
import type { AssistantWorld } from './assistant-world.js';

const zh = translator('zh-CN');
const SECRET = 'webhook-secret_0123456789abcdef';

function statusUpdate(updateId: number, chatId: number) {
  return {
    update_id: updateId,
    message: { message_id: updateId, date: 1_790_000_000, chat: { id: chatId, type: 'private', first_name: 'T' }, from: { id: chatId, is_bot: false, first_name: 'T', language_code: 'zh' }, text: '/status', entities: [{ type: 'bot_command', offset: 0, length: 7 }] },
  };
}

describe.each(['sqlite', 'postgres'] as const)('robust operation on %s', (kind) => {
  let world: AssistantWorld;
  afterEach(async () => world?.close());

  it('webhook mode: registers the URL with its secret, refuses requests without the right secret, handles a replay once', async () => {
    world = await createAssistantWorld(kind, { mode: 'webhook', webhook: { url: 'https://certbell.example.cn/telegram/hook', secret: SECRET, host: '127.0.0.1', port: 0 } });
    expect(world.fake.webhookUrl).toBe('https://certbell.example.cn/telegram/hook');
    expect(world.fake.calls.find((c) => c.method === 'setWebhook')?.params.secret_token).toBe(SECRET);
    const token = await world.invitationToken(CASES.beijing.ref, CASES.beijing.email);
    const hook = `http://127.0.0.1:${world.running.webhookPort}/telegram/hook`;
    const post = (body: unknown, secret?: string) =>
      fetch(hook, { method: 'POST', headers: { 'content-type': 'application/json', ...(secret === undefined ? {} : { 'x-telegram-bot-api-secret-token': secret }) }, body: JSON.stringify(body) });

    const bindUpdate = { ...statusUpdate(1, 1001), message: { ...statusUpdate(1, 1001).message, text: `/start ${token}`, entities: [{ type: 'bot_command', offset: 0, length: 6 }] } };
    expect((await post(bindUpdate)).status).toBe(403);
    expect((await post(bindUpdate, 'wrong-secret_0123456789abcdef')).status).toBe(403);
    expect(world.fake.sent).toEqual([]);
    expect(await world.database.db.prisma.inboundReceipt.count()).toBe(0);

    expect((await post(bindUpdate, SECRET)).status).toBe(200);
    expect((await post(statusUpdate(2, 1001), SECRET)).status).toBe(200);
    // Telegram retries an update it thinks was lost: same update_id, handled once.
    expect((await post(statusUpdate(2, 1001), SECRET)).status).toBe(200);
    // Answered after the 200: the webhook acknowledges an update once it is in its chat's queue.
    await world.running.idle(5_000);
    expect(world.fake.sent.map((m) => m.text.split('\n')[0])).toEqual([zh.t('telegram.bound', { cases: CASES.beijing.ref, count: 1 }).split('\n')[0], zh.t('telegram.status.title', { asOf: '2026-11-21' })]);
  });

  it('a replayed update is handled once even by another instance on the same database', async () => {
    world = await createAssistantWorld(kind);
    await world.bind(1001, CASES.beijing.ref, CASES.beijing.email);
    const before = world.fake.sent.length;
    // A second instance: its own bot, connection and receipts, on the same database.
    const otherDb = await openDatabase(world.database.url);
    const other = createAssistantBot({ token: world.fake.token, apiRoot: world.fake.url, deps: world.assistant, receipts: createInboundReceipts(otherDb), log: console });
    const update = statusUpdate(777_001, 1001) as Parameters<typeof other.bot.handleUpdate>[0];
    await Promise.all([world.running.bot.handleUpdate(update), other.bot.handleUpdate(update)]);
    await other.bot.handleUpdate(update);
    await Promise.all([world.running.idle(5_000), other.idle(5_000)]);
    await otherDb.close();
    expect(world.fake.sent.length - before).toBe(1);
  });

  it('one failing update does not stop the bot: the error is logged without the token and the next update is answered', async () => {
    world = await createAssistantWorld(kind);
    world.fake.failNext('sendMessage', { code: 400, description: 'Bad Request: something odd' });
    expect(await world.say(1003, '/help')).toHaveLength(1);
    expect(world.errors).toHaveLength(1);
    expect(JSON.stringify(world.errors)).not.toContain(world.fake.token);
    expect(texts(await world.say(1003, '/help'))).toBe(zh.t('telegram.help.unbound'));
  });

  it('403 "blocked by the user" marks the chat blocked; writing again makes it active', async () => {
    world = await createAssistantWorld(kind);
    await world.bind(1001, CASES.beijing.ref, CASES.beijing.email);
    world.fake.blockChat(1001);
    expect(await world.say(1001, '/help')).toEqual([]);
    const status = async () => (await world.database.db.prisma.contactChat.findFirst({ where: { chatId: '1001' } }))?.status;
    expect(await status()).toBe('blocked');
    expect(world.errors).toEqual([]);
    world.fake.unblockChat(1001);
    expect(texts(await world.say(1001, '/status'))).toContain(CASES.beijing.ref);
    expect(await status()).toBe('active');
  });

  it('429 on a reply is waited out as Telegram asks, then sent', async () => {
    world = await createAssistantWorld(kind);
    world.fake.failNext('sendMessage', { code: 429, retryAfter: 3 });
    expect(texts(await world.say(1003, '/help'))).toBe(zh.t('telegram.help.unbound'));
    expect(world.sleeps).toEqual([3000]);
  });

  it('per-chat flood control: past the limit a chat is told once to slow down, then ignored; others are served', async () => {
    world = await createAssistantWorld(kind, { floodLimits: { maxFailures: 5, windowMs: 60_000 } });
    for (let i = 0; i < 8; i++) world.fake.pushText(1003, '/stages');
    await world.settle();
    const answers = world.fake.sent.filter((m) => m.chatId === 1003).map((m) => m.text);
    expect(answers.filter((t) => t === zh.t('telegram.slowDown'))).toHaveLength(1);
    expect(answers).toHaveLength(5);
    expect(texts(await world.say(1004, '/stages'))).toContain('网安联');
    world.advance(60_000);
    expect(await world.say(1003, '/stages')).toHaveLength(1);
  });
});
