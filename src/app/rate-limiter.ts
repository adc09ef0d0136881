// Providers' documented send rates: Telegram's for bots (about 30 messages a second overall and 1 a
// second to one chat) and Slack's for posts to a channel. Pure: the caller passes the time, so tests
// and simulations control it.

export interface RateLimits {
  readonly perSecond: number;
  readonly perChatIntervalMs: number;
  /** Added to each window, so that network jitter between us and the server never makes us look early. */
  readonly marginMs: number;
}

export const telegramLimits: RateLimits = { perSecond: 30, perChatIntervalMs: 1000, marginMs: 25 };

/**
 * Slack's chat.postMessage: about one message a second to one channel (short bursts tolerated, not
 * relied on); the workspace-wide limit is far above what staff escalations need.
 */
export const slackLimits: RateLimits = { perSecond: 20, perChatIntervalMs: 1000, marginMs: 10 };

export class SendRateLimiter {
  private readonly recent: number[] = [];
  private readonly lastToChat = new Map<string, number>();

  constructor(private readonly limits: RateLimits = telegramLimits) {}

  /**
   * How long to wait before sending to `chat` at `nowMs`, and why; when 0, the send is recorded as
   * happening now.
   */
  reserve(chat: string, nowMs: number): { readonly waitMs: number; readonly scope: 'chat' | 'global' | null } {
    const window = 1000 + this.limits.marginMs;
    while (this.recent.length && (this.recent[0] as number) <= nowMs - window) this.recent.shift();
    const last = this.lastToChat.get(chat);
    if (last !== undefined && nowMs - last < this.limits.perChatIntervalMs + this.limits.marginMs) {
      return { waitMs: last + this.limits.perChatIntervalMs + this.limits.marginMs - nowMs, scope: 'chat' };
    }
    if (this.recent.length >= this.limits.perSecond) {
      return { waitMs: (this.recent[0] as number) + window - nowMs, scope: 'global' };
    }
    this.recent.push(nowMs);
    this.lastToChat.set(chat, nowMs);
    if (this.lastToChat.size > 10_000) this.forgetOld(nowMs);
    return { waitMs: 0, scope: null };
  }

  /** After the provider said "too many requests", nothing goes out before it allows (untilMs). */
  pause(untilMs: number): void {
    // A full window of sends that leave it exactly at untilMs.
    const placeholder = untilMs - (1000 + this.limits.marginMs);
    this.recent.splice(0, this.recent.length, ...Array.from({ length: this.limits.perSecond }, () => placeholder));
  }

  private forgetOld(nowMs: number): void {
    for (const [chat, at] of this.lastToChat) if (nowMs - at > this.limits.perChatIntervalMs * 2) this.lastToChat.delete(chat);
  }
}

/** One limiter for each channel whose adapter declares a rate, built once and shared by every sender. */
export function limitersFor(channels: Readonly<Record<string, { readonly policy?: { readonly rate?: RateLimits } } | undefined>>): ReadonlyMap<string, SendRateLimiter> {
  const limiters = new Map<string, SendRateLimiter>();
  for (const [id, channel] of Object.entries(channels)) if (channel?.policy?.rate) limiters.set(id, new SendRateLimiter(channel.policy.rate));
  return limiters;
}
