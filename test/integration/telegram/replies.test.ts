// The assistant's answers against a Bot API as strict as Telegram's: one chat's updates answered
// in order and at Telegram's pace, other chats never held up by one slow or hung call, 429 waited
// out up to a bound, 5xx retried before any apology, every button press answered, and messages that
// are not text answered with the menu (a photo's caption read as a question).
import { afterEach, describe, expect, it } from 'vitest';
import { translator } from '../../../src/adapters/i18n/translator.js';
import { directoryText, stagesText } from '../../../src/adapters/telegram/render.js';
import { createAssistantWorld, texts } from './assistant-world.js';
import type { AssistantWorld } from './assistant-world.js';

const zh = translator('zh-CN');

describe('the assistant on a strict Bot API', () => {
  let world: AssistantWorld;
  afterEach(async () => world?.close());

  it('answers 25 commands of one chat sent in one batch: 25 answers, in order, one a second, no 429', async () => {
    world = await createAssistantWorld('sqlite', { enforceLimits: true });
    const commands = ['/stages', '/help', '/contact', '/start', '/lang zh'];
    const expected = [stagesText(zh), zh.t('telegram.help.unbound'), directoryText(zh), zh.t('telegram.welcome'), zh.t('telegram.lang.set')];
    const started = world.wire();
    for (let i = 0; i < 25; i++) world.fake.pushText(2001, commands[i % commands.length] as string);
    await world.settle(20_000);

    const answers = world.fake.sent.filter((m) => m.chatId === 2001).map((m) => m.text);
    expect(answers).toEqual(Array.from({ length: 25 }, (_, i) => expected[i % expected.length]));
    expect(world.fake.calls.filter((c) => c.status === 429)).toEqual([]);
    // Paced to Telegram's one message a second to a chat: 24 gaps of just over a second.
    const elapsed = world.wire() - started;
    expect(elapsed).toBeGreaterThanOrEqual(24_000);
    expect(elapsed).toBeLessThan(26_000);
    process.stdout.write(`25 commands from one chat: 25 answers in order over ${(elapsed / 1000).toFixed(1)} s of Telegram's time, 0 refused\n`);
    expect(world.errors).toEqual([]);
  });

  it("a Bot API call hung for 60 s delays other chats by no more than the request timeout, and the hung chat's answer still arrives", async () => {
    const timeoutMs = 1_000;
    world = await createAssistantWorld('sqlite', { sender: { requestTimeoutMs: timeoutMs } });
    world.fake.delayNext('sendMessage', 60_000);
    world.fake.pushText(2002, '/help');
    // The first answer is now hanging; another chat asks.
    await expect.poll(() => world.fake.calls.filter((c) => c.method === 'sendMessage').length).toBe(1);
    const asked = performance.now();
    world.fake.pushText(2003, '/stages');
    await world.fake.waitForSent(1, 5_000);
    const otherWaited = performance.now() - asked;
    expect(world.fake.sent[0]?.chatId).toBe(2003);
    expect(otherWaited).toBeLessThan(timeoutMs);
    await world.settle(10_000);
    // The hung call was given up after the timeout and tried again.
    expect(world.fake.sent.map((m) => [m.chatId, m.text])).toEqual([
      [2003, stagesText(zh)],
      [2002, zh.t('telegram.help.unbound')],
    ]);
    process.stdout.write(`a sendMessage hung for 60 s: another chat answered after ${otherWaited.toFixed(0)} ms (request timeout ${timeoutMs} ms)\n`);
  });

  it('waits out a 429 as Telegram asks, up to a minute in all; beyond that the answer is given up without an apology that would fail too', async () => {
    world = await createAssistantWorld('sqlite');
    world.fake.failNext('sendMessage', { code: 429, retryAfter: 30 });
    expect(texts(await world.say(2004, '/help'))).toBe(zh.t('telegram.help.unbound'));
    expect(world.sleeps).toContain(30_000);

    world.fake.failNext('sendMessage', { code: 429, retryAfter: 35 }, 2);
    expect(await world.say(2005, '/help')).toEqual([]);
    expect(world.fake.calls.filter((c) => c.method === 'sendMessage' && c.params.chat_id === 2005).map((c) => c.status)).toEqual([429, 429]);
    expect(world.errors).toEqual([]);
  });

  it('retries a 5xx with back-off before anything else; only when Telegram stays down is there an apology', async () => {
    world = await createAssistantWorld('sqlite');
    world.fake.failNext('sendMessage', { code: 502, rawBody: '<html>Bad Gateway</html>' }, 2);
    expect(texts(await world.say(2006, '/help'))).toBe(zh.t('telegram.help.unbound'));
    expect(world.sleeps.filter((ms) => ms >= 1_000)).toEqual([1_000, 2_000]);

    world.fake.failNext('sendMessage', { code: 500 }, 4);
    expect(texts(await world.say(2007, '/help'))).toBe(zh.t('telegram.failed'));
    expect(world.fake.calls.filter((c) => c.method === 'sendMessage' && c.params.chat_id === 2007).map((c) => c.status)).toEqual([500, 500, 500, 500, 200]);
  });

  it('answers every button press once: known ones quietly, stale or unknown ones with "this button has expired"', async () => {
    world = await createAssistantWorld('sqlite');
    await world.say(2008, '/start');
    for (const data of ['ask:stages', 'ask:renew-now', 'lang:fr', 'case:CN-2026-0001', 'lang:en']) world.fake.pushCallbackQuery(2008, data);
    await world.settle();
    const expired = zh.t('telegram.buttonExpired');
    expect(world.fake.callbackAnswers.map((a) => a.text)).toEqual([undefined, expired, expired, expired, undefined]);
    expect(world.fake.calls.filter((c) => c.method === 'answerCallbackQuery').every((c) => c.status === 200)).toBe(true);
  });

  it('answers a sticker or a document with the menu, and reads a photo caption as a question', async () => {
    world = await createAssistantWorld('sqlite');
    const base = { date: 1_790_000_000, chat: { id: 2009, type: 'private' as const, first_name: 'T' }, from: { id: 2009, is_bot: false, first_name: 'T', language_code: 'zh' } };
    world.fake.pushUpdate({ message: { ...base, message_id: 1, sticker: { file_id: 's', file_unique_id: 's', type: 'regular', width: 1, height: 1, is_animated: false, is_video: false } } });
    world.fake.pushUpdate({ message: { ...base, message_id: 2, document: { file_id: 'd', file_unique_id: 'd' } } });
    world.fake.pushUpdate({ message: { ...base, message_id: 3, photo: [{ file_id: 'p', file_unique_id: 'p', width: 1, height: 1 }], caption: '找谁联系？' } });
    await world.settle();
    const [sticker, document, photo] = world.fake.sent.map((m) => m.text);
    expect(sticker).toBe(zh.t('telegram.textOnly.unbound'));
    expect(document).toBe(zh.t('telegram.textOnly.unbound'));
    expect(photo).toBe(directoryText(zh));
    expect(world.fake.calls.filter((c) => c.method === 'sendMessage').slice(0, 2).every((c) => (c.params.reply_markup as { inline_keyboard: unknown[] }).inline_keyboard.length > 0)).toBe(true);
  });
});
