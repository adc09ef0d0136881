import { describe, expect, it } from 'vitest';
import { SendRateLimiter } from '../../../src/app/rate-limiter.js';

const limits = { perSecond: 30, perChatIntervalMs: 1000, marginMs: 25 };

describe('Telegram send limits', () => {
  it('lets 30 messages to different chats through in a second, and the 31st waits for the window', () => {
    const limiter = new SendRateLimiter(limits);
    for (let i = 0; i < 30; i++) expect(limiter.reserve(`chat-${i}`, 10_000 + i)).toEqual({ waitMs: 0, scope: null });
    // The first went at 10,000 ms; the window (1 s + 25 ms margin) frees it at 11,025 ms.
    expect(limiter.reserve('chat-30', 10_100)).toEqual({ waitMs: 925, scope: 'global' });
    expect(limiter.reserve('chat-30', 11_025)).toEqual({ waitMs: 0, scope: null });
  });

  it('sends to one chat at most once a second', () => {
    const limiter = new SendRateLimiter(limits);
    expect(limiter.reserve('chat-1', 5_000).waitMs).toBe(0);
    expect(limiter.reserve('chat-1', 5_400)).toEqual({ waitMs: 625, scope: 'chat' });
    expect(limiter.reserve('chat-2', 5_400).waitMs).toBe(0);
    expect(limiter.reserve('chat-1', 6_025).waitMs).toBe(0);
  });

  it('after retry_after, nothing goes out before the provider allows, and everything may from then on', () => {
    const limiter = new SendRateLimiter(limits);
    limiter.pause(20_000);
    expect(limiter.reserve('chat-1', 19_999)).toEqual({ waitMs: 1, scope: 'global' });
    expect(limiter.reserve('chat-1', 20_000)).toEqual({ waitMs: 0, scope: null });
  });
});
