// The fake Bot API itself: every Telegram test trusts it, so its wire format, long polling and
// rate limits are checked here against plain HTTP and against the real telegraf client.
import { Telegraf, Telegram } from 'telegraf';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startFakeTelegram } from '../../fakes/fake-telegram.js';
import type { FakeTelegram, FakeTelegramOptions } from '../../fakes/fake-telegram.js';

interface ApiAnswer {
  ok: boolean;
  result?: unknown;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
}

let fake: FakeTelegram | undefined;

async function start(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  fake = await startFakeTelegram(options);
  return fake;
}

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** One Bot API call as raw HTTP, to see exactly what goes over the wire. */
async function call(f: FakeTelegram, method: string, params: object = {}, token = f.token): Promise<{ status: number; body: ApiAnswer }> {
  const res = await fetch(`${f.url}/bot${token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  return { status: res.status, body: (await res.json()) as ApiAnswer };
}

const updateIds = (answer: { body: ApiAnswer }) => (answer.body.result as { update_id: number }[]).map((u) => u.update_id);

describe('fake Telegram Bot API: wire format', () => {
  it('answers telegraf with a bot for getMe and a Message for sendMessage', async () => {
    const f = await start();
    const telegram = new Telegram(f.token, { apiRoot: f.url });

    const me = await telegram.getMe();
    const message = await telegram.sendMessage(42, 'hello');

    expect(me).toMatchObject({ id: 7000001, is_bot: true, username: 'certbell_fake_bot' });
    expect(message).toMatchObject({ message_id: 1, chat: { id: 42, type: 'private' }, text: 'hello' });
    expect(message.date).toBe(Math.floor(f.sent[0]!.time / 1000));
    expect(f.sent).toMatchObject([{ chatId: 42, text: 'hello', messageId: 1 }]);
    expect(f.calls.map((c) => c.method)).toEqual(['getMe', 'sendMessage']);
  });

  it('reads form bodies too, and treats "42" and 42 as the same chat', async () => {
    const f = await start();
    const res = await fetch(`${f.url}/bot${f.token}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ chat_id: '42', text: 'from a form' }),
    });

    expect(res.status).toBe(200);
    expect(f.sent).toMatchObject([{ chatId: 42, text: 'from a form' }]);
  });

  it('answers 401 Unauthorized for a wrong token and 404 for an unknown method', async () => {
    const f = await start();

    expect(await call(f, 'getMe', {}, '7000001:wrong')).toEqual({ status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } });
    expect(await call(f, 'sendPhoto')).toEqual({ status: 404, body: { ok: false, error_code: 404, description: 'Not Found' } });
    expect(f.sent).toEqual([]);
  });

  it('validates sendMessage like Telegram', async () => {
    const f = await start();

    expect((await call(f, 'sendMessage', { chat_id: 42, text: '' })).body.description).toBe('Bad Request: message text is empty');
    expect((await call(f, 'sendMessage', { chat_id: 42, text: 'x'.repeat(4097) })).body.description).toBe('Bad Request: message is too long');
    expect((await call(f, 'sendMessage', { chat_id: '@nobody', text: 'hi' })).body.description).toBe('Bad Request: chat not found');
    expect((await call(f, 'sendMessage', { chat_id: 42, text: 'x'.repeat(4096) })).status).toBe(200);
  });

  it('records setMyCommands per language and answers callback queries', async () => {
    const f = await start();
    const telegram = new Telegram(f.token, { apiRoot: f.url });

    await telegram.setMyCommands([{ command: 'start', description: 'Start' }]);
    await telegram.setMyCommands([{ command: 'start', description: '开始' }], { language_code: 'zh' });
    const query = f.pushCallbackQuery(1, 'ask:status');
    const id = 'callback_query' in query ? query.callback_query.id : '';
    await telegram.answerCbQuery(id, 'done');

    expect(f.commands.get('')).toEqual([{ command: 'start', description: 'Start' }]);
    expect(f.commands.get('zh')).toEqual([{ command: 'start', description: '开始' }]);
    expect(f.calls.at(-1)).toMatchObject({ method: 'answerCallbackQuery', params: { callback_query_id: id, text: 'done' }, status: 200 });
    // Once each, and only for a query that was sent.
    await expect(telegram.answerCbQuery(id)).rejects.toThrow('query is too old');
    await expect(telegram.answerCbQuery('999')).rejects.toThrow('query is too old');
    expect(f.callbackAnswers).toEqual([{ queryId: id, text: 'done' }]);
  });
});

describe('fake Telegram Bot API: what Telegram refuses', () => {
  it("parses HTML as Telegram does: its tags only, escaped text, the 4,096 limit counted after parsing", async () => {
    const f = await start();
    const send = (text: string, extra: object = {}) => call(f, 'sendMessage', { chat_id: 1, text, parse_mode: 'HTML', ...extra });
    expect((await send('<b>bold</b> &amp; <a href="https://x.cn">link</a> &lt;!channel&gt;')).status).toBe(200);
    expect(f.sent.at(-1)?.text).toBe('<b>bold</b> &amp; <a href="https://x.cn">link</a> &lt;!channel&gt;');
    for (const bad of ['a < b', 'a & b', '<p>para</p>', '<b>open', 'x > y', '<span>s</span>', '&nbsp;']) {
      const answer = await send(bad);
      expect(answer, bad).toMatchObject({ status: 400 });
      expect(answer.body.description, bad).toMatch(/^Bad Request: can't parse entities: /);
    }
    // 4,096 visible characters pass however much markup wraps them; one more does not.
    expect((await send(`<b>${'&amp;'.repeat(4096)}</b>`)).status).toBe(200);
    expect((await send(`<b>${'&amp;'.repeat(4097)}</b>`)).body.description).toBe('Bad Request: message is too long');
  });

  it('refuses callback_data over 64 bytes, and an empty one', async () => {
    const f = await start();
    const keyboard = (data: string) => ({ inline_keyboard: [[{ text: 'b', callback_data: data }]] });
    expect((await call(f, 'sendMessage', { chat_id: 1, text: 'x', reply_markup: keyboard('a'.repeat(64)) })).status).toBe(200);
    expect((await call(f, 'sendMessage', { chat_id: 1, text: 'x', reply_markup: keyboard('案'.repeat(22)) })).body.description).toBe('Bad Request: BUTTON_DATA_INVALID');
    expect((await call(f, 'sendMessage', { chat_id: 1, text: 'x', reply_markup: keyboard('') })).body.description).toBe('Bad Request: BUTTON_DATA_INVALID');
  });

  it('holds a call as asked (slow or hung), and does nothing for a client that gave up', async () => {
    const f = await start();
    f.delayNext('sendMessage', 300);
    const started = performance.now();
    expect((await call(f, 'sendMessage', { chat_id: 1, text: 'slow' })).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    f.delayNext('sendMessage', 60_000);
    const telegram = new Telegram(f.token, { apiRoot: f.url });
    const signal = AbortSignal.timeout(200) as unknown as NonNullable<Parameters<Telegram['callApi']>[2]>['signal'];
    await expect(telegram.callApi('sendMessage', { chat_id: 1, text: 'hung' }, { signal })).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(f.sent.map((m) => m.text)).toEqual(['slow']);
  });
});

describe('fake Telegram Bot API: fault injection', () => {
  it('fails the next calls of a method as asked, then works again', async () => {
    const f = await start();
    f.failNext('sendMessage', { code: 429, retryAfter: 2 }, 2);

    const first = await call(f, 'sendMessage', { chat_id: 1, text: 'a' });
    const second = await call(f, 'sendMessage', { chat_id: 1, text: 'a' });
    const third = await call(f, 'sendMessage', { chat_id: 1, text: 'a' });

    expect(first).toEqual({
      status: 429,
      body: { ok: false, error_code: 429, description: 'Too Many Requests: retry after 2', parameters: { retry_after: 2 } },
    });
    expect(second.status).toBe(429);
    expect(third.status).toBe(200);
    expect(f.calls.map((c) => c.status)).toEqual([429, 429, 200]);
  });

  it('answers 403 for a blocked chat until it is unblocked', async () => {
    const f = await start();
    f.blockChat(7);

    const blocked = await call(f, 'sendMessage', { chat_id: '7', text: 'a' });
    f.unblockChat(7);
    const unblocked = await call(f, 'sendMessage', { chat_id: 7, text: 'a' });

    expect(blocked.body).toEqual({ ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    expect(unblocked.status).toBe(200);
  });
});

describe('fake Telegram Bot API: long polling', () => {
  it('returns queued updates and forgets those below the offset', async () => {
    const f = await start();
    f.pushText(42, 'one');
    f.pushText(42, 'two');
    f.pushText(42, 'three');

    expect(updateIds(await call(f, 'getUpdates'))).toEqual([1, 2, 3]);
    expect(updateIds(await call(f, 'getUpdates', { limit: 1 }))).toEqual([1]);
    expect(updateIds(await call(f, 'getUpdates', { offset: 3 }))).toEqual([3]);
    expect(f.pendingUpdates.map((u) => u.update_id)).toEqual([3]);
    expect(updateIds(await call(f, 'getUpdates', { offset: 4 }))).toEqual([]);
    expect(f.pendingUpdates).toEqual([]);
  });

  it('answers a waiting getUpdates as soon as an update is pushed', async () => {
    const f = await start();
    const started = Date.now();
    const polling = call(f, 'getUpdates', { timeout: 5, allowed_updates: ['message'] });
    setTimeout(() => f.pushText(42, 'now'), 50);

    const answer = await polling;

    expect(Date.now() - started).toBeLessThan(1000);
    expect(answer.body.result).toMatchObject([{ update_id: 1, message: { text: 'now', chat: { id: 42 } } }]);
  });

  it('honours timeout only up to its cap', async () => {
    const f = await start({ maxPollSeconds: 1 });
    const started = Date.now();

    const answer = await call(f, 'getUpdates', { timeout: 50 });

    expect(answer.body).toEqual({ ok: true, result: [] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('ends a waiting getUpdates with 409 when a second one arrives, like two bot instances', async () => {
    const f = await start();
    const first = call(f, 'getUpdates', { timeout: 5 });
    await new Promise((resolve) => setTimeout(resolve, 50));

    const second = call(f, 'getUpdates', { timeout: 0 });

    expect((await first).body).toMatchObject({ ok: false, error_code: 409, description: expect.stringContaining('terminated by other getUpdates request') });
    expect((await second).body).toEqual({ ok: true, result: [] });
  });

  it('refuses getUpdates while a webhook is set', async () => {
    const f = await start();
    await call(f, 'setWebhook', { url: 'https://example.test/hook' });

    expect((await call(f, 'getUpdates')).status).toBe(409);
    await call(f, 'deleteWebhook');
    expect((await call(f, 'getUpdates')).status).toBe(200);
  });

  it('feeds a real polling Telegraf bot, which replies and acknowledges on stop', async () => {
    const f = await start();
    const bot = new Telegraf(f.token, { telegram: { apiRoot: f.url } });
    bot.command('start', (ctx) => ctx.reply(`hello ${ctx.from.first_name}`));
    bot.action('ack', (ctx) => ctx.answerCbQuery('noted'));
    const running = bot.launch();

    f.pushText(42, '/start');
    const [reply] = await f.waitForSent(1, 5000);
    f.pushCallbackQuery(42, 'ack');
    await vi.waitFor(() => expect(f.calls.map((c) => c.method)).toContain('answerCallbackQuery'), { timeout: 5000 });
    bot.stop('test over');
    await running;

    expect(reply).toMatchObject({ chatId: 42, text: 'hello Test' });
    expect(f.calls.find((c) => c.method === 'answerCallbackQuery')?.params).toMatchObject({ callback_query_id: '1', text: 'noted' });
    expect(f.pendingUpdates).toEqual([]);
  });
});

describe('fake Telegram Bot API: rate-limit enforcement', () => {
  const start0 = 1_700_000_000_000;

  it('allows 30 messages in any second and answers the 31st with 429 and retry_after', async () => {
    let now = start0;
    const f = await start({ enforceLimits: true, now: () => now });
    // One message a millisecond to 30 different chats: t = 0 … 29 ms.
    for (let chat = 1; chat <= 30; chat += 1) {
      expect((await call(f, 'sendMessage', { chat_id: chat, text: 'x' })).status).toBe(200);
      now += 1;
    }
    now = start0 + 999; // the message sent at t = 0 is still inside the window

    const refused = await call(f, 'sendMessage', { chat_id: 31, text: 'x' });

    expect(refused).toEqual({
      status: 429,
      body: { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } },
    });
    now = start0 + 1000; // t = 0 has left; t = 1 … 29 remain: room for one
    expect((await call(f, 'sendMessage', { chat_id: 31, text: 'x' })).status).toBe(200);
    expect((await call(f, 'sendMessage', { chat_id: 32, text: 'x' })).status).toBe(429);
    now = start0 + 1001;
    expect((await call(f, 'sendMessage', { chat_id: 32, text: 'x' })).status).toBe(200);
    expect(f.sent).toHaveLength(32);
  });

  it('allows one message a second to the same chat and does not count refused ones', async () => {
    let now = start0;
    const f = await start({ enforceLimits: true, now: () => now });
    const send = async () => (await call(f, 'sendMessage', { chat_id: 7, text: 'x' })).body;

    expect((await send()).ok).toBe(true);
    now += 1;
    expect(await send()).toMatchObject({ ok: false, error_code: 429, parameters: { retry_after: 1 } });
    now = start0 + 999;
    expect((await send()).ok).toBe(false);
    now = start0 + 1000; // the refusal at 999 ms must not hold this one back
    expect((await send()).ok).toBe(true);
    expect((await call(f, 'sendMessage', { chat_id: 8, text: 'x' })).status).toBe(200);
  });

  it('enforces nothing unless asked', async () => {
    const f = await start({ now: () => start0 });
    for (let i = 0; i < 35; i += 1) expect((await call(f, 'sendMessage', { chat_id: 7, text: 'x' })).status).toBe(200);
  });
});
