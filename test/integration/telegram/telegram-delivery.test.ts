// The Telegram delivery channel with the real telegraf client against the local fake Bot API:
// every outcome the dispatcher acts on, and the bot token never leaking into a reason.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createTelegramDelivery, splitForTelegram } from '../../../src/adapters/telegram/telegram-delivery.js';
import type { DeliveryResult, OutgoingMessage } from '../../../src/app/delivery.js';
import { startFakeTelegram } from '../../fakes/fake-telegram.js';
import type { FakeTelegram, FakeTelegramOptions } from '../../fakes/fake-telegram.js';

// Not shaped like a real token (<digits>:<secret>), which telegraf's own redaction would catch:
// only the adapter's scrubbing stands between this and a reason string.
const TOKEN = 'certbell-secret-bot-token';

const reminder = (overrides: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  address: '42',
  subject: 'CNCE-NS renewal due 2026-12-01',
  text: 'Submit the renewal application.',
  key: 'case-1:renewal:2026-11-24',
  ...overrides,
});

let fake: FakeTelegram | undefined;

async function setUp(options: FakeTelegramOptions = {}, sleep?: (ms: number) => Promise<void>) {
  fake = await startFakeTelegram({ token: TOKEN, ...options });
  const channel = createTelegramDelivery({ token: TOKEN, apiRoot: fake.url, ...(sleep && { sleep }) });
  const send = async (message = reminder()): Promise<DeliveryResult> => {
    const result = await channel.send(message);
    // Every outcome in this file passes through here, so every reason is checked for the token.
    expect(JSON.stringify(result)).not.toContain(TOKEN);
    return result;
  };
  return { fake, channel, send };
}

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('Telegram delivery', () => {
  it('sends subject and body as one plain-text message', async () => {
    const { fake, channel, send } = await setUp();

    const result = await send();

    expect(channel.id).toBe('telegram');
    expect(result).toEqual({ kind: 'sent', providerId: '1' });
    expect(fake.sent).toMatchObject([{ chatId: 42, text: 'CNCE-NS renewal due 2026-12-01\n\nSubmit the renewal application.' }]);
    expect(fake.calls[0]?.params).toEqual({ chat_id: '42', text: 'CNCE-NS renewal due 2026-12-01\n\nSubmit the renewal application.' });
  });

  it('asks to retry after retry_after on 429', async () => {
    const { fake, send } = await setUp();
    fake.failNext('sendMessage', { code: 429, retryAfter: 2 });

    expect(await send()).toEqual({ kind: 'retry', afterMs: 2000, reason: 'Telegram answered 429: Too Many Requests: retry after 2' });
  });

  it('reports a chat that blocked the bot, or that Telegram does not know, as blocked', async () => {
    const { fake, send } = await setUp();
    fake.blockChat(42);
    expect(await send()).toEqual({ kind: 'blocked', reason: 'Telegram answered 403: Forbidden: bot was blocked by the user' });

    fake.failNext('sendMessage', { code: 403, description: 'Forbidden: user is deactivated' });
    expect((await send(reminder({ address: '43' }))).kind).toBe('blocked');

    expect(await send(reminder({ address: '@nobody' }))).toEqual({ kind: 'blocked', reason: 'Telegram answered 400: Bad Request: chat not found' });
  });

  it('asks to retry on a server error', async () => {
    const { fake, send } = await setUp();
    fake.failNext('sendMessage', { code: 500 });
    fake.failNext('sendMessage', { code: 502, rawBody: '<html>502 Bad Gateway</html>' });

    expect(await send()).toEqual({ kind: 'retry', reason: 'Telegram answered 500: Internal Server Error' });
    expect(await send()).toEqual({ kind: 'retry', reason: 'Telegram answered 502: Bad Gateway' });
  });

  it('asks to retry when Telegram cannot be reached', async () => {
    const { fake, send } = await setUp();
    await fake.close();

    const result = await send();

    expect(result).toMatchObject({ kind: 'retry', reason: expect.stringMatching(/^Telegram unreachable: .*ECONNREFUSED/) });
    expect(result).toMatchObject({ reason: expect.stringContaining('/bot[token]/sendMessage') });
  });

  it('asks to retry when the answer is not the Bot API (a proxy page)', async () => {
    const { fake, send } = await setUp();
    fake.failNext('sendMessage', { code: 404, rawBody: '<html>Not Found</html>' });

    expect(await send()).toMatchObject({ kind: 'retry', reason: expect.stringContaining('invalid json response body') });
  });

  it('rejects a message Telegram refuses for good', async () => {
    const { fake, send } = await setUp();
    fake.failNext('sendMessage', { code: 400, description: "Bad Request: can't parse entities" });

    expect(await send()).toEqual({ kind: 'rejected', reason: "Telegram answered 400: Bad Request: can't parse entities" });
  });

  it('keeps reminders for later when the bot token is wrong', async () => {
    const { fake } = await setUp();
    const wrong = createTelegramDelivery({ token: 'another-token', apiRoot: fake.url });

    expect(await wrong.send(reminder())).toEqual({ kind: 'retry', reason: 'Telegram answered 401: Unauthorized; check the bot token' });
  });

  it('gives up on a request that hangs', async () => {
    const silent = createServer(() => undefined); // accepts the request, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const { port } = silent.address() as AddressInfo;
    const channel = createTelegramDelivery({ token: TOKEN, apiRoot: `http://127.0.0.1:${port}`, timeoutMs: 200 });

    const result = await channel.send(reminder());
    silent.closeAllConnections();
    silent.close();

    expect(result).toEqual({ kind: 'retry', reason: 'Telegram did not answer within 200 ms; the message may have arrived' });
  });

  it('never puts the token in a reason, even where telegraf leaves it in the error', async () => {
    const { fake, send } = await setUp();
    fake.failNext('sendMessage', { code: 404, rawBody: 'not json' }); // telegraf does not redact this one
    const unreadable = await send();
    await fake.close();
    const unreachable = await send();

    for (const result of [unreadable, unreachable]) {
      expect(result.kind).toBe('retry');
      expect(result).toMatchObject({ reason: expect.stringContaining('/bot[token]/sendMessage') });
      expect(JSON.stringify(result)).not.toContain(TOKEN);
    }
  });
});

describe('Telegram delivery of long texts', () => {
  const long = reminder({ subject: 'S', text: 'x'.repeat(9000 - 3) }); // 9,000 characters once composed

  it('sends a 9,000-character text as three ordered messages', async () => {
    const { fake, send } = await setUp();

    const result = await send(long);

    expect(result).toEqual({ kind: 'sent', providerId: '1,2,3' });
    expect(fake.sent.map((m) => m.text.length)).toEqual([4096, 4096, 808]);
    expect(fake.sent.map((m) => m.text).join('')).toBe(`S\n\n${'x'.repeat(8997)}`);
  });

  it("waits out Telegram's one-message-a-second limit between parts instead of failing", async () => {
    let now = 1_700_000_000_000;
    const { fake, send } = await setUp({ enforceLimits: true, now: () => now }, async (ms) => {
      now += ms;
    });

    const result = await send(long);

    expect(result).toEqual({ kind: 'sent', providerId: '1,2,3' });
    expect(fake.calls.map((c) => c.status)).toEqual([200, 429, 200, 429, 200]);
  });

  it('reports how far it got when a later part keeps failing', async () => {
    const { fake, send } = await setUp({ enforceLimits: true, now: () => 1_700_000_000_000 }, async () => undefined);

    const result = await send(long);

    expect(result).toEqual({
      kind: 'retry',
      afterMs: 1000,
      reason: 'Telegram answered 429: Too Many Requests: retry after 1 (after 1 of 3 parts were delivered)',
    });
    expect(fake.sent).toHaveLength(1);
  });

  it('reports the first failure as it is when nothing was delivered', async () => {
    const { fake, send } = await setUp();
    fake.blockChat(42);

    expect(await send(long)).toEqual({ kind: 'blocked', reason: 'Telegram answered 403: Forbidden: bot was blocked by the user' });
  });
});

describe('splitForTelegram', () => {
  it('leaves a short text whole', () => {
    expect(splitForTelegram('short')).toEqual(['short']);
  });

  it('breaks after a newline or space in the second half of a part', () => {
    const text = `${'a'.repeat(3000)}\n${'b'.repeat(2000)} ${'c'.repeat(2000)}`;

    const parts = splitForTelegram(text);

    expect(parts).toEqual([`${'a'.repeat(3000)}\n`, `${'b'.repeat(2000)} ${'c'.repeat(2000)}`]);
  });

  it('never cuts a surrogate pair', () => {
    const text = `${'x'.repeat(4095)}😀tail`;

    const parts = splitForTelegram(text);

    expect(parts).toEqual(['x'.repeat(4095), '😀tail']);
    expect(parts.every((p) => p.length <= 4096)).toBe(true);
  });
});
